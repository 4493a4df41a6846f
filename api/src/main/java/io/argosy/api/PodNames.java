package io.argosy.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Deterministic object names, shared by core (which fills {@link PodBinding#name()}) and agents.
 * Pods are {@code <job>-<task>-<index>} like Volcano names them; a name longer than a DNS label
 * (63) keeps a prefix and a hash of the full name, so it stays unique and stable.
 */
public final class PodNames {
  static final int MAX = 63;

  private PodNames() {}

  public static String of(String jobName, String task, int index) {
    return dnsLabel(jobName + "-" + task + "-" + index);
  }

  /** Lower-cases, maps other characters to {@code -}, and shortens with a hash when over 63. */
  public static String dnsLabel(String raw) {
    String s = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    s = s.replaceAll("^-+", "").replaceAll("-+$", "");
    if (s.isEmpty()) {
      s = "x";
    }
    if (s.length() <= MAX) {
      return s;
    }
    String hash = hash(raw).substring(0, 10);
    String head = s.substring(0, MAX - hash.length() - 1).replaceAll("-+$", "");
    return head + "-" + hash;
  }

  /** A label value for {@code namespace/name} (labels cannot hold {@code /}): {@code namespace.name}, hashed when long. */
  public static String labelValue(String jobId) {
    String v = jobId.replace('/', '.');
    if (v.length() <= MAX && v.matches("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")) {
      return v;
    }
    return dnsLabel(v);
  }

  static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JRE", e);
    }
  }
}
