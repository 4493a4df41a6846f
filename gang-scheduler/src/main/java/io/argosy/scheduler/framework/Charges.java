package io.argosy.scheduler.framework;

import io.argosy.gpu.fit.ContainerAssignment;
import io.argosy.gpu.fit.DeviceGrant;
import io.argosy.queue.ModelCharges;
import io.argosy.queue.quota.ResourceVector;
import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.fleet.FleetState;
import io.argosy.scheduler.fleet.GangBinding;
import io.argosy.scheduler.fleet.NodeSlot;
import io.argosy.scheduler.fleet.PodPlacement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Quota charges of a placement: the base demand of the pods placed and their model-qualified part. */
public final class Charges {
  private Charges() {}

  /** Pods placed per task, in the gang's task order. */
  public static int[] podsPerTask(GangSpec gang, List<GangBinding> placed) {
    List<TaskSpec> ts = gang.tasks();
    int[] n = new int[ts.size()];
    for (int b = 0; b < placed.size(); b++) {
      List<PodPlacement> pods = placed.get(b).pods();
      for (int i = 0; i < pods.size(); i++) {
        String task = pods.get(i).task();
        for (int t = 0; t < n.length; t++) {
          String name = ts.get(t).name();
          if (name == task || name.equals(task)) {
            n[t]++;
            break;
          }
        }
      }
    }
    return n;
  }

  /** Pods placed per task name. */
  public static Map<String, Integer> podsPerTask(List<GangBinding> placed) {
    Map<String, Integer> n = new HashMap<>();
    for (GangBinding b : placed) {
      for (PodPlacement p : b.pods()) {
        n.merge(p.task(), 1, Integer::sum);
      }
    }
    return n;
  }

  /** The unqualified demand of the pods placed ({@link #podsPerTask(GangSpec, List)}). */
  public static ResourceVector base(GangSpec gang, int[] podsPerTask) {
    ResourceVector sum = ResourceVector.EMPTY;
    for (int i = 0; i < podsPerTask.length; i++) {
      TaskSpec t = gang.tasks().get(i);
      int n = podsPerTask[i];
      if (n > 0) {
        sum = sum.plus(t.podResources().times(n));
      }
    }
    return sum;
  }

  /** {@code ModelCharges.forBinding}: pods per task and model of the devices they were placed on. */
  public static ResourceVector placedModels(FleetState fleet, GangSpec gang, List<GangBinding> placed) {
    // the permit and the commit ask for the same placement (same pod list): compute it once
    Object key = placed.size() == 1 ? placed.get(0).pods() : null;
    if (key != null && gang.modelsFor == key) {
      return gang.models;
    }
    ResourceVector models = computePlacedModels(fleet, gang, placed);
    if (key != null) {
      gang.modelsFor = key;
      gang.models = models;
    }
    return models;
  }

  private static ResourceVector computePlacedModels(FleetState fleet, GangSpec gang, List<GangBinding> placed) {
    Map<String, Map<String, Integer>> byTask = null;
    for (GangBinding b : placed) {
      ClusterState c = fleet.cluster(b.cluster());
      for (PodPlacement p : b.pods()) {
        String model = modelOf(c, p);
        if (model == null) {
          continue;
        }
        if (byTask == null) {
          byTask = new HashMap<>();
        }
        byTask.computeIfAbsent(p.task(), k -> new HashMap<>()).merge(model, 1, Integer::sum);
      }
    }
    if (byTask == null) {
      return ResourceVector.EMPTY;
    }
    ModelCharges.BindingCharge charge = ModelCharges.forBinding(gang.job());
    byTask.forEach((task, models) -> models.forEach((model, n) -> charge.add(task, model, n)));
    return charge.build();
  }

  /** The model of the first device a pod was granted, or null for a pod without devices. */
  static String modelOf(ClusterState c, PodPlacement p) {
    for (ContainerAssignment ca : p.assignment().containers()) {
      for (DeviceGrant g : ca.grants()) {
        NodeSlot s = c == null ? null : c.node(p.node());
        return s == null ? null : s.inventory().devices().get(g.deviceIndex()).model();
      }
    }
    return null;
  }
}
