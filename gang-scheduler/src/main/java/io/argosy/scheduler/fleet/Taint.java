package io.argosy.scheduler.fleet;

import io.argosy.gpu.InvalidSpecException;

/**
 * A taint of a cluster (Karmada) or a node (Kubernetes), written {@code key=value:Effect} or
 * {@code key:Effect}.
 *
 * @param value empty when the taint has none
 * @param effect {@code NoSchedule}, {@code PreferNoSchedule} or {@code NoExecute}
 */
public record Taint(String key, String value, String effect) {
  public static final String NO_SCHEDULE = "NoSchedule";
  public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";
  public static final String NO_EXECUTE = "NoExecute";

  public Taint {
    value = value == null ? "" : value;
    if (key == null || key.isEmpty()) {
      throw new InvalidSpecException("taints", "a taint needs a key");
    }
    if (!NO_SCHEDULE.equals(effect) && !PREFER_NO_SCHEDULE.equals(effect) && !NO_EXECUTE.equals(effect)) {
      throw new InvalidSpecException("taints", "taint " + key + ": effect must be NoSchedule, PreferNoSchedule or NoExecute, got '" + effect + "'");
    }
  }

  /** Parses {@code key=value:Effect} or {@code key:Effect}. */
  public static Taint parse(String text) {
    int colon = text == null ? -1 : text.lastIndexOf(':');
    if (colon <= 0) {
      throw new InvalidSpecException("taints", "expected key[=value]:Effect, got '" + text + "'");
    }
    String kv = text.substring(0, colon);
    String effect = text.substring(colon + 1);
    int eq = kv.indexOf('=');
    return eq < 0 ? new Taint(kv, "", effect) : new Taint(kv.substring(0, eq), kv.substring(eq + 1), effect);
  }

  /** True for the effects that keep new workloads away: NoSchedule and NoExecute (PreferNoSchedule only scores). */
  public boolean repels() {
    return NO_SCHEDULE.equals(effect) || NO_EXECUTE.equals(effect);
  }

  @Override
  public String toString() {
    return (value.isEmpty() ? key : key + "=" + value) + ":" + effect;
  }
}
