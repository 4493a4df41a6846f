package io.argosy.agent.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/** Decides whether a bearer token may speak for a cluster. Called on the event loop: must not block. */
@FunctionalInterface
public interface TokenVerifier {

  boolean verify(String cluster, String token);

  /** One token per cluster, compared in constant time. */
  static TokenVerifier perCluster(Map<String, String> tokens) {
    Map<String, String> copy = Map.copyOf(tokens);
    return (cluster, token) -> {
      String expected = copy.get(cluster);
      return expected != null && token != null
          && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    };
  }

  /** One token shared by every cluster (the embedded default), compared in constant time. */
  static TokenVerifier shared(String token) {
    byte[] expected = token.getBytes(StandardCharsets.UTF_8);
    return (cluster, t) -> t != null && MessageDigest.isEqual(expected, t.getBytes(StandardCharsets.UTF_8));
  }
}
