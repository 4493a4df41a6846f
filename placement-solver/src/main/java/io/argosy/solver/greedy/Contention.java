package io.argosy.solver.greedy;

import io.argosy.gpu.demand.DemandKind;
import io.argosy.solver.model.AcceleratorShape;
import io.argosy.solver.model.ClusterOffer;
import io.argosy.solver.model.ContentionReport;
import io.argosy.solver.model.DeviceGroup;
import io.argosy.solver.model.GangRequest;
import io.argosy.solver.model.NodeBucket;
import io.argosy.solver.model.PlacementProblem;
import io.argosy.solver.model.PodSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a pending set is contended: some accelerator type has more pending demand than
 * free capacity in the clusters its gangs may use. See {@link ContentionReport} for when the solver
 * runs.
 *
 * <p>Demand and capacity are in device-milli (devices × share per device). A WHOLE request counts
 * only wholly free devices; a SHARE request every device's free share.
 */
public final class Contention {

  private Contention() {}

  /** Type pressure only (nothing known about the greedy result). */
  public static ContentionReport check(PlacementProblem problem) {
    return check(problem, 0);
  }

  /** Type pressure, plus how many GPU gangs the greedy left pending. */
  public static ContentionReport check(PlacementProblem problem, int greedyPendingGpuGangs) {
    Map<String, AcceleratorShape> types = new LinkedHashMap<>();
    Map<String, Long> demand = new LinkedHashMap<>();
    Map<String, Set<String>> reachable = new LinkedHashMap<>();
    for (GangRequest g : problem.gangs()) {
      for (PodSet p : g.podSets()) {
        for (AcceleratorShape a : p.shape().accelerators()) {
          if (a.kind() == DemandKind.COUNTABLE) {
            continue;
          }
          String key = a.typeKey();
          types.putIfAbsent(key, a);
          demand.merge(key, (long) p.count() * a.devices() * a.milliPerDevice(), Long::sum);
          reachable.computeIfAbsent(key, k -> new HashSet<>()).addAll(g.clusterRanks().keySet());
        }
      }
    }
    List<ContentionReport.TypePressure> pressures = new ArrayList<>();
    for (Map.Entry<String, AcceleratorShape> e : types.entrySet()) {
      long free = 0;
      for (ClusterOffer c : problem.clusters()) {
        if (reachable.get(e.getKey()).contains(c.name())) {
          free += free(c, e.getValue());
        }
      }
      ContentionReport.TypePressure tp = new ContentionReport.TypePressure(e.getKey(), demand.get(e.getKey()), free);
      pressures.add(tp);
    }
    return new ContentionReport(pressures, greedyPendingGpuGangs);
  }

  private static long free(ClusterOffer cluster, AcceleratorShape type) {
    long sum = 0;
    for (NodeBucket b : cluster.nodes()) {
      long perNode = 0;
      for (DeviceGroup g : b.devices()) {
        if (!matches(type, g)) {
          continue;
        }
        for (int d = 0; d < g.freeMilli().size(); d++) {
          int m = g.freeMilli().get(d);
          if (type.kind() == DemandKind.SHARE) {
            perNode += m;
          } else if (m == AcceleratorShape.FULL && (!g.shared() || g.freeMemoryMiB().get(d) == g.memoryMiB())) {
            perNode += m;
          }
        }
      }
      sum += b.count() * perNode;
    }
    return sum;
  }

  static boolean matches(AcceleratorShape type, DeviceGroup g) {
    if (!type.resource().equals(g.resource())) {
      return false;
    }
    if (type.model() != null && (g.model() == null || !type.model().equalsIgnoreCase(g.model()))) {
      return false;
    }
    return type.kind() != DemandKind.SHARE || g.shared();
  }
}
