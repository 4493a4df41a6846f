package io.argosy.core.security;

import io.argosy.agent.gateway.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens to principals. Only SHA-256 hashes are held: the lookup is by the hash of the
 * presented token, so neither the file nor memory keeps a usable secret. Thread-safe (immutable).
 */
public final class Authenticator {
  private final Map<String, Principal> byHash;

  public Authenticator(List<TokenEntry> entries) {
    Map<String, Principal> m = new HashMap<>();
    for (TokenEntry e : entries) {
      m.put(e.sha256(), e.principal());
    }
    this.byHash = Map.copyOf(m);
  }

  /** One admin token (the older single-token setting, {@code $ARGOSY_TOKEN} on the server). */
  public static Authenticator singleAdmin(String token) {
    return new Authenticator(List.of(new TokenEntry("admin", Role.ADMIN, List.of(), null, Tokens.sha256Hex(token))));
  }

  public Optional<Principal> authenticate(String token) {
    if (token == null || token.isEmpty() || token.length() > 1024) {
      return Optional.empty();
    }
    return Optional.ofNullable(byHash.get(Tokens.sha256Hex(token)));
  }

  public int size() {
    return byHash.size();
  }

  /**
   * The agent gateway's check: an agent token of exactly that cluster, or the control plane's own
   * token for its embedded agents (compared in constant time; null when there are none).
   */
  public TokenVerifier agentVerifier(String embeddedToken) {
    byte[] embedded = embeddedToken == null ? null : embeddedToken.getBytes(StandardCharsets.UTF_8);
    return (cluster, token) -> {
      if (token == null) {
        return false;
      }
      if (embedded != null && MessageDigest.isEqual(embedded, token.getBytes(StandardCharsets.UTF_8))) {
        return true;
      }
      return authenticate(token).filter(p -> p.role() == Role.AGENT && p.cluster().equals(cluster)).isPresent();
    };
  }
}
