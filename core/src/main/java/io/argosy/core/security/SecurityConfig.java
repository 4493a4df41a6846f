package io.argosy.core.security;

import java.nio.file.Path;

/**
 * How the API is protected.
 *
 * @param authenticator the tokens, or null for an open API (every caller is {@link Principal#OPEN})
 * @param rateLimit requests per second and burst per caller
 * @param tls the server certificate and key (PEM), or null for plain HTTP
 */
public record SecurityConfig(Authenticator authenticator, RateLimiter.Limit rateLimit, Tls tls) {
  /** PEM files: the certificate chain and its private key (PKCS#8 or PKCS#1). */
  public record Tls(Path certificate, Path key) {}

  /** The default without tokens: open, no rate limit, plain HTTP. */
  public static final SecurityConfig OPEN = new SecurityConfig(null, RateLimiter.Limit.OFF, null);

  /** Per token with a tokens file unless told otherwise: 200 requests per second, bursts of 400. */
  public static final RateLimiter.Limit DEFAULT_TOKEN_LIMIT = new RateLimiter.Limit(200, 400);

  public SecurityConfig {
    rateLimit = rateLimit == null ? RateLimiter.Limit.OFF : rateLimit;
  }

  public boolean open() {
    return authenticator == null;
  }

  public SecurityConfig withTls(Tls t) {
    return new SecurityConfig(authenticator, rateLimit, t);
  }

  public SecurityConfig withRateLimit(RateLimiter.Limit l) {
    return new SecurityConfig(authenticator, l, tls);
  }
}
