package io.argosy.scheduler.plugins;

import io.argosy.queue.quota.QuotaCheck;
import io.argosy.queue.quota.ResourceVector;
import io.argosy.scheduler.fleet.GangBinding;
import io.argosy.scheduler.framework.Charges;
import io.argosy.scheduler.framework.CycleContext;
import io.argosy.scheduler.framework.GangSpec;
import io.argosy.scheduler.framework.Permit;
import java.util.List;

/**
 * The placement's quota charge (its pods' demand plus the models they landed on) must fit the
 * queue's quota: what admission and binding in {@code JobQueues} will charge.
 */
public final class QuotaPermit implements Permit {
  @Override
  public String name() {
    return "QuotaPermit";
  }

  @Override
  public String permit(CycleContext ctx, GangSpec gang, List<GangBinding> placed) {
    String queue = gang.job().queue();
    if (!ctx.ledger().exists(queue)) {
      return null;
    }
    int[] perTask = Charges.podsPerTask(gang, placed);
    int pods = 0;
    for (int n : perTask) {
      pods += n;
    }
    ResourceVector models = Charges.placedModels(ctx.fleet(), gang, placed);
    if (pods == gang.mandatoryPods() && models.isEmpty()) {
      return null; // the queue-level check before placement covered exactly this demand
    }
    QuotaCheck c = ctx.ledger().check(queue, Charges.base(gang, perTask).plus(models));
    return c.allowed() ? null : c.reason();
  }
}
