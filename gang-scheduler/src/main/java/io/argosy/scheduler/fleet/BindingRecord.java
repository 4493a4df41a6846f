package io.argosy.scheduler.fleet;

import java.time.Instant;

/** A binding the fleet state holds capacity for, with what the agent said about it so far. */
public final class BindingRecord {
  private final GangBinding binding;
  private final Instant boundAt;
  boolean confirmed;

  BindingRecord(GangBinding binding, Instant boundAt) {
    this.binding = binding;
    this.boundAt = boundAt;
  }

  public GangBinding binding() {
    return binding;
  }

  /** When the scheduler emitted it: the start of the job's runtime estimate. */
  public Instant boundAt() {
    return boundAt;
  }

  public boolean confirmed() {
    return confirmed;
  }
}
