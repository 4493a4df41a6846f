package io.argosy.scheduler.framework;

import io.argosy.scheduler.fleet.GangBinding;
import java.util.List;

/** Extension point "permit": the gang has a tentative placement; may it be reserved? */
public interface Permit {
  String name();

  /** Null to permit, else why not (one line). {@code placed} holds one binding per cluster used. */
  String permit(CycleContext ctx, GangSpec gang, List<GangBinding> placed);
}
