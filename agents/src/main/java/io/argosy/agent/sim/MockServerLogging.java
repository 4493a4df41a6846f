package io.argosy.agent.sim;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The mock API server logs every request at INFO; an embedded fleet would drown the console.
 * Tests get the same from .ci/logging.properties; the demo and server call this.
 */
public final class MockServerLogging {
  // strong references: JUL holds loggers weakly and would forget the level
  private static final List<Logger> QUIETED =
      List.of(
          Logger.getLogger("io.fabric8.mockwebserver"),
          Logger.getLogger("io.fabric8.kubernetes.client.server.mock"),
          Logger.getLogger("io.fabric8.kubernetes.client.dsl.internal"),
          Logger.getLogger("io.fabric8.kubernetes.client.informers"));

  private MockServerLogging() {}

  public static void quiet() {
    for (Logger l : QUIETED) {
      l.setLevel(Level.WARNING);
    }
  }
}
