package io.argosy.scheduler.plugins;

import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.demand.AcceleratorDemand;
import io.argosy.gpu.demand.ContainerDemand;
import io.argosy.gpu.demand.DemandKind;
import io.argosy.queue.ModelCharges;
import io.argosy.queue.placement.ClusterAffinity;
import io.argosy.queue.quota.QuotaCheck;
import io.argosy.queue.quota.QuotaLedger;
import io.argosy.queue.quota.ResourceKeys;
import io.argosy.queue.quota.ResourceVector;
import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.framework.ClusterFilter;
import io.argosy.scheduler.framework.CycleContext;
import io.argosy.scheduler.framework.GangSpec;
import io.argosy.scheduler.framework.TaskSpec;
import java.util.Optional;
import java.util.Set;

/**
 * Model-qualified quota per cluster: when a queue limits a model ({@code nvidia.com/gpu[H100]}) and a
 * cluster offers the gang's accelerators in a single model, the gang would be charged that model
 * there, so a cluster whose model is over quota is filtered out before any fitting. (The queue-level
 * check of the unqualified demand happens before cluster filtering; {@link QuotaPermit} checks the
 * actual placement.)
 */
public final class QuotaFilter implements ClusterFilter {
  @Override
  public String name() {
    return "Quota";
  }

  @Override
  public boolean mayRefuse(CycleContext ctx, GangSpec gang) {
    QuotaLedger ledger = ctx.ledger();
    String queue = gang.job().queue();
    return gang.hasAccelerators() && ledger.exists(queue) && hasQualifiedQuota(ledger, queue);
  }

  @Override
  public String filter(CycleContext ctx, GangSpec gang, ClusterAffinity term, ClusterState cluster) {
    QuotaLedger ledger = ctx.ledger();
    String queue = gang.job().queue();
    if (!mayRefuse(ctx, gang)) {
      return null;
    }
    ResourceVector qualified = ResourceVector.EMPTY;
    for (TaskSpec t : gang.tasks()) {
      Vendor v = acceleratorVendor(t);
      if (v == null || t.mandatory() == 0) {
        continue;
      }
      Set<String> models = cluster.deviceModels(v);
      if (models.size() == 1) {
        qualified = qualified.plus(ModelCharges.qualify(t.podResources(), models.iterator().next()).times(t.mandatory()));
      }
    }
    if (qualified.isEmpty()) {
      return null;
    }
    QuotaCheck c = ledger.check(queue, gang.mandatoryDemand().plus(qualified));
    return c.allowed() ? null : c.reason();
  }

  /** True when the queue or an ancestor limits or guarantees a model-qualified key. */
  static boolean hasQualifiedQuota(QuotaLedger ledger, String queue) {
    for (Optional<String> q = Optional.of(queue); q.isPresent(); q = ledger.parent(q.get())) {
      var quota = ledger.quota(q.get());
      if (anyQualified(quota.capability()) || anyQualified(quota.guarantee())) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyQualified(ResourceVector v) {
    for (int i = 0; i < v.size(); i++) {
      if (ResourceKeys.isQualified(v.idAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static Vendor acceleratorVendor(TaskSpec t) {
    for (ContainerDemand c : t.spec().demand().containers()) {
      for (AcceleratorDemand a : c.accelerators()) {
        if (a.kind() != DemandKind.COUNTABLE && a.vendor() != Vendor.OTHER) {
          return a.vendor();
        }
      }
    }
    return null;
  }
}
