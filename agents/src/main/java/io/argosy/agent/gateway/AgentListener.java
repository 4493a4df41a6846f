package io.argosy.agent.gateway;

import io.argosy.api.Hello;
import io.argosy.api.Message;

/**
 * Receives what agents send. Called on the connection's Vert.x event loop, in order per cluster:
 * implementations hand messages to their own thread (the core: its scheduler thread) and return.
 */
public interface AgentListener {

  /** A cluster's agent connected and said Hello; its snapshot follows as a message. */
  void onConnected(String cluster, Hello hello);

  /** Any message after the Hello: snapshot, delta, heartbeat, binding result, status event, withdraw result. */
  void onMessage(String cluster, Message message);

  /** The connection ended (closed, failed, heartbeat timeout or replaced by a newer one). */
  void onDisconnected(String cluster, String reason);
}
