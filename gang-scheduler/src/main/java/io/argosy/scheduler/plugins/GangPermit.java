package io.argosy.scheduler.plugins;

import io.argosy.scheduler.fleet.GangBinding;
import io.argosy.scheduler.framework.Charges;
import io.argosy.scheduler.framework.CycleContext;
import io.argosy.scheduler.framework.GangSpec;
import io.argosy.scheduler.framework.Permit;
import io.argosy.scheduler.framework.TaskSpec;
import java.util.List;

/**
 * Volcano's gang permit: every task has at least its mandatory pods and the job at least its
 * minAvailable; a gang spans clusters only when its placement divides replicas.
 */
public final class GangPermit implements Permit {
  @Override
  public String name() {
    return "Gang";
  }

  @Override
  public String permit(CycleContext ctx, GangSpec gang, List<GangBinding> placed) {
    if (placed.size() > 1 && !gang.job().placement().allowsDivision()) {
      return "gang would span " + placed.size() + " clusters but its placement does not divide replicas";
    }
    int[] perTask = Charges.podsPerTask(gang, placed);
    int total = 0;
    for (int i = 0; i < perTask.length; i++) {
      TaskSpec t = gang.tasks().get(i);
      int n = perTask[i];
      if (n < t.mandatory()) {
        return "task " + t.name() + ": " + n + " of " + t.mandatory() + " mandatory pods placed";
      }
      total += n;
    }
    return total < gang.job().minAvailable()
        ? total + " pods placed, below minAvailable " + gang.job().minAvailable() : null;
  }
}
