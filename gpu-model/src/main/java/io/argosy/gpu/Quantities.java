package io.argosy.gpu;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Reads Kubernetes quantities ({@code 1}, {@code "2"}, {@code 500m}, {@code 2Gi}) as exact numbers.
 * Every method names the field in its error so that the caller's message says where the bad value is.
 */
public final class Quantities {
  private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024L);
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
  /**
   * Largest amount accepted in base units (millicores, bytes, counts): 2^53, the largest integer a
   * JSON client (JavaScript, jq) reads exactly. 8 PiB of memory or 9e12 cores per pod is no limit
   * in practice, and no sum of a few of them overflows a long.
   */
  public static final long MAX_AMOUNT = 1L << 53;
  private static final BigDecimal MAX = BigDecimal.valueOf(MAX_AMOUNT);
  /**
   * Kubernetes' quantity grammar, with the exponent held to three digits: {@code 1e999999} would
   * make BigDecimal build a million-digit number (seconds of CPU per request).
   */
  private static final java.util.regex.Pattern GRAMMAR =
      java.util.regex.Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d{1,3})?");
  private static final int MAX_LENGTH = 64;

  private Quantities() {}

  /** The exact value in base units (bytes for memory, cores for cpu, plain count otherwise). */
  public static BigDecimal amount(Quantity q, String field) {
    if (q == null || q.getAmount() == null || q.getAmount().isBlank()) {
      throw new InvalidSpecException(field, "empty quantity");
    }
    checkGrammar(q.getAmount() + (q.getFormat() == null ? "" : q.getFormat()), field);
    try {
      return q.getNumericalAmount();
    } catch (RuntimeException e) {
      throw new InvalidSpecException(field, "'" + q + "' is not a quantity");
    }
  }

  private static void checkGrammar(String s, String field) {
    String t = s.strip();
    if (t.length() > MAX_LENGTH) {
      throw new InvalidSpecException(field, "'" + t.substring(0, 20) + "...' is not a quantity (longer than " + MAX_LENGTH
          + " characters)");
    }
    if (!GRAMMAR.matcher(t).matches()) {
      throw new InvalidSpecException(field, "'" + t + "' is not a quantity (expected a number with an optional suffix"
          + " such as 500m, 2Gi or 1e3)");
    }
  }

  /** The rounded amount as a long, refused above {@link #MAX_AMOUNT} instead of wrapping around. */
  private static long capped(BigDecimal v, Quantity q, String field) {
    if (v.compareTo(MAX) > 0) {
      throw new InvalidSpecException(field, q + " is too large (at most 2^53 in base units)");
    }
    return v.longValue();
  }

  /** True when the quantity was written with a unit suffix ({@code 2Gi}, {@code 500m}, {@code 1k}). */
  public static boolean hasSuffix(Quantity q) {
    return q.getFormat() != null && !q.getFormat().isEmpty();
  }

  /** A whole non-negative number, e.g. a device count; {@code 0.5} and {@code 500m} are rejected. */
  public static long wholeCount(Quantity q, String field, String what) {
    BigDecimal v = amount(q, field);
    if (v.signum() < 0) {
      throw new InvalidSpecException(field, q + " is negative");
    }
    if (v.stripTrailingZeros().scale() > 0) {
      throw new InvalidSpecException(field, q + " is fractional; " + what + " must be a whole number");
    }
    return capped(v, q, field);
  }

  /** CPU in millicores, rounded up as Kubernetes does ({@code 0.1} = 100, {@code 1m} = 1). */
  public static long cpuMilli(Quantity q, String field) {
    BigDecimal v = amount(q, field);
    if (v.signum() < 0) {
      throw new InvalidSpecException(field, q + " is negative");
    }
    return capped(v.multiply(THOUSAND).setScale(0, RoundingMode.CEILING), q, field);
  }

  /** Memory or storage in bytes, rounded up. */
  public static long bytes(Quantity q, String field) {
    BigDecimal v = amount(q, field);
    if (v.signum() < 0) {
      throw new InvalidSpecException(field, q + " is negative");
    }
    return capped(v.setScale(0, RoundingMode.CEILING), q, field);
  }

  /**
   * Device memory in MiB: a bare number is in {@code bareUnitMiB} units (1 for HAMi's MiB, 1024 for
   * Metax's GiB, 256 for Iluvatar/Cambricon, 512 for Moore Threads); a number with a suffix is bytes.
   */
  public static long deviceMemoryMiB(Quantity q, String field, long bareUnitMiB) {
    BigDecimal v = amount(q, field);
    if (v.signum() < 0) {
      throw new InvalidSpecException(field, q + " is negative");
    }
    if (hasSuffix(q)) {
      return capped(v.divide(MIB, 0, RoundingMode.CEILING), q, field);
    }
    if (v.stripTrailingZeros().scale() > 0) {
      throw new InvalidSpecException(field, q + " is fractional; device memory must be a whole number");
    }
    return capped(v.multiply(BigDecimal.valueOf(bareUnitMiB)), q, field);
  }

  /** A whole percentage in [min, 100]. */
  public static int percent(Quantity q, String field, int min) {
    long v = wholeCount(q, field, "a percentage");
    if (v > 100) {
      throw new InvalidSpecException(field, v + " is over 100");
    }
    if (v < min) {
      throw new InvalidSpecException(field, v + " is under " + min);
    }
    return (int) v;
  }

  /** Parses a quantity string, mapping a malformed one to an error naming the field. */
  public static Quantity parse(String s, String field) {
    if (s == null || s.isBlank()) {
      throw new InvalidSpecException(field, "empty quantity");
    }
    checkGrammar(s, field);
    try {
      Quantity q = new Quantity(s);
      q.getNumericalAmount();
      return q;
    } catch (RuntimeException e) {
      throw new InvalidSpecException(field, "'" + s + "' is not a quantity");
    }
  }
}
