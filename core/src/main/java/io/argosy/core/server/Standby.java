package io.argosy.core.server;

import io.argosy.core.store.Store;
import io.argosy.core.store.StoreLockedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Logger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A passive control plane: it does nothing (no API, no scheduling) until it holds the store, then
 * starts like any server. The store's lock is the election: SQLite's lock file on a shared data
 * directory, or PostgreSQL's advisory lock with its fencing term. Both are released by the
 * operating system or the database when the leader dies, so the standby takes over one poll
 * interval after that (plus recovery), well inside the 15 s the project promises.
 */
public final class Standby {
  private static final Logger LOG = Logger.getLogger(Standby.class.getName());

  private Standby() {}

  /**
   * Starts and stops a throw-away server (empty SQLite store in a temporary directory, a free port,
   * no fleet) so that the classes and code paths of start-up are loaded and compiled before the
   * standby is needed: a takeover then costs recovery, not a cold JVM.
   */
  public static void warmUp(ArgosyServer.Config config) {
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("argosy-standby-warmup");
      ArgosyServer.Config c = config.withPort(0).withHost("127.0.0.1").withFleet(null, config.sim()).withTokens(null, null);
      c = new ArgosyServer.Config(tmp, c.host(), c.port(), c.apiToken(), c.agentToken(), c.fleet(), c.sim(), c.sync(), c.loop());
      try (ArgosyServer s = ArgosyServer.start(c)) {
        LOG.fine("standby warmed up on " + s.url());
      }
    } catch (Exception e) {
      LOG.fine("standby warm-up failed (harmless): " + e);
    } finally {
      if (tmp != null) {
        try (var files = Files.walk(tmp)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
          // a temporary directory left behind
        }
      }
    }
  }

  /** Tries to open the store every {@code poll} until it is free; logs once while waiting. */
  public static Store awaitLeadership(Supplier<Store> opener, Duration poll, Consumer<String> log) throws InterruptedException {
    boolean told = false;
    while (true) {
      try {
        return opener.get();
      } catch (StoreLockedException e) {
        if (!told) {
          log.accept("standby: " + e.getMessage() + "; taking over when it is gone");
          told = true;
        }
        Thread.sleep(poll.toMillis());
      }
    }
  }
}
