package io.argosy.solver.model;

/**
 * A cluster taint (Karmada {@code Cluster.spec.taints}): {@code NoSchedule} and {@code NoExecute}
 * keep out gangs that do not tolerate them; {@code PreferNoSchedule} is advisory and ignored here.
 */
public record Taint(String key, String value, String effect) {

  public static final String NO_SCHEDULE = "NoSchedule";
  public static final String NO_EXECUTE = "NoExecute";
  public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";

  public boolean isBinding() {
    return NO_SCHEDULE.equals(effect) || NO_EXECUTE.equals(effect);
  }
}
