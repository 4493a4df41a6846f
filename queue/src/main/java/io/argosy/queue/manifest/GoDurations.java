package io.argosy.queue.manifest;

import io.argosy.gpu.InvalidSpecException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as annotations carry them: Go's {@code 1h30m}, {@code 90s}, {@code 1.5h}, or plain seconds. */
final class GoDurations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private GoDurations() {}

  static Duration parse(String text, String field) {
    String t = text.trim();
    if (t.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(t));
    }
    Matcher m = PART.matcher(t);
    int end = 0;
    BigDecimal nanos = BigDecimal.ZERO;
    while (m.find() && m.start() == end) {
      BigDecimal unit = switch (m.group(2)) {
        case "ns" -> BigDecimal.ONE;
        case "us", "µs" -> BigDecimal.valueOf(1_000L);
        case "ms" -> BigDecimal.valueOf(1_000_000L);
        case "s" -> BigDecimal.valueOf(1_000_000_000L);
        case "m" -> BigDecimal.valueOf(60_000_000_000L);
        default -> BigDecimal.valueOf(3_600_000_000_000L);
      };
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(unit));
      end = m.end();
    }
    if (end == 0 || end != t.length()) {
      throw new InvalidSpecException(field, "'" + text + "' is not a duration (e.g. 90, 90s, 1h30m)");
    }
    return Duration.ofNanos(nanos.longValue());
  }
}
