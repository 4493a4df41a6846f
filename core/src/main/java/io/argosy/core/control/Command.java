package io.argosy.core.control;

import io.argosy.api.Hello;
import io.argosy.api.Message;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** What other threads hand to the scheduler thread through the intake. */
sealed interface Command {

  /** Jobs accepted and durable. */
  record JobsAccepted(List<AcceptedJob> jobs) implements Command {}

  /** An agent connected and said Hello. */
  record AgentConnected(String cluster, Hello hello) implements Command {}

  /** Any later agent message. */
  record AgentMessage(String cluster, Message message) implements Command {}

  /** An agent's connection ended. */
  record AgentDisconnected(String cluster, String reason) implements Command {}

  /**
   * Runs {@code fn} on the scheduler thread; {@code reply} completes after the store has committed
   * whatever the call changed (or exceptionally with what it threw).
   */
  record Call<R>(Function<ControlLoop.Admin, R> fn, CompletableFuture<R> reply) implements Command {}
}
