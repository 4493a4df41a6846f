package io.argosy.gpu.grade;

import io.argosy.gpu.catalog.AcceleratorModel;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.catalog.PartitionProfile;
import io.argosy.gpu.demand.AcceleratorDemand;
import io.argosy.gpu.demand.ContainerDemand;
import io.argosy.gpu.demand.DemandKind;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.fit.FitResult;
import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.score.ScoringPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How many pods of one template fit a set of nodes. Two estimators:
 *
 * <ul>
 *   <li>{@link #exact}: places replica after replica on a copy of each node with the real fit (devices,
 *       MIG instances, shares, countables) until the next one does not fit; the answer a scheduler
 *       holding every node would give. Cost: one fit per replica.
 *   <li>{@link #byGrades}: Karmada's grade-based estimate from a {@link GradeSummary}: in each grade
 *       vector every node is assumed to have only the grade's lower bound free, and holds
 *       {@code min over requested dimensions of floor(bound / request)} replicas. Coarse and
 *       conservative (never above {@link #exact} for cpu/memory/whole devices); what a multi-cluster
 *       scheduler can compute from a cluster's summary alone. Countable resources are not graded and
 *       are ignored.
 * </ul>
 */
public final class ReplicaEstimator {
  private ReplicaEstimator() {}

  /** Exact replicas per node, in the nodes' order; each node stops at {@code limit}. Nodes are not changed. */
  public static long[] exactPerNode(PodDemand template, List<NodeState> nodes, ScoringPolicy policy, long limit) {
    long[] out = new long[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      NodeState s = nodes.get(i).copy();
      long n = 0;
      while (n < limit) {
        FitResult r = s.fit(template, policy);
        if (!(r instanceof FitResult.Fits f)) {
          break;
        }
        s.allocate(f.assignment());
        n++;
      }
      out[i] = n;
    }
    return out;
  }

  /** Exact replicas over all nodes, at most {@code limit}. */
  public static long exact(PodDemand template, List<NodeState> nodes, ScoringPolicy policy, long limit) {
    long total = 0;
    for (int i = 0; i < nodes.size() && total < limit; i++) {
      total += exactPerNode(template, List.of(nodes.get(i)), policy, limit - total)[0];
    }
    return total;
  }

  /** Grade-based replicas (see the class comment); the catalog sizes shares and partitions. */
  public static long byGrades(PodDemand template, GradeSummary summary, Catalog catalog) {
    ResourceGrades grades = summary.grades();
    List<ResourceGrades.Dimension> dims = grades.dimensions();
    Need need = need(template, dims, catalog);
    if (need.impossible) {
      return 0;
    }
    long total = 0;
    for (Map.Entry<List<Integer>, Integer> e : summary.counts().entrySet()) {
      List<Integer> v = e.getValue() == 0 ? null : e.getKey();
      if (v == null) {
        continue;
      }
      long perNode = Long.MAX_VALUE;
      if (template.cpuMilli() > 0) {
        int j = grades.index(ResourceGrades.CPU);
        perNode = Math.min(perNode, dims.get(j).min(v.get(j)) / template.cpuMilli());
      }
      if (template.memoryBytes() > 0) {
        int j = grades.index(ResourceGrades.MEMORY);
        perNode = Math.min(perNode, dims.get(j).min(v.get(j)) / template.memoryBytes());
      }
      if (need.devices > 0) {
        long free = 0;
        for (int j : need.deviceDims) {
          free += dims.get(j).min(v.get(j));
        }
        perNode = Math.min(perNode, free / need.devices);
      }
      if (need.milli > 0) {
        long free = 0;
        for (int j : need.milliDims) {
          free += dims.get(j).min(v.get(j));
        }
        perNode = Math.min(perNode, free / need.milli);
      }
      if (perNode == Long.MAX_VALUE) {
        perNode = 0; // a template asking for nothing graded: Karmada counts nothing either
      }
      total += perNode * e.getValue();
    }
    return total;
  }

  private static final class Need {
    long devices;
    long milli;
    final List<Integer> deviceDims = new ArrayList<>();
    final List<Integer> milliDims = new ArrayList<>();
    boolean impossible;
  }

  private static Need need(PodDemand template, List<ResourceGrades.Dimension> dims, Catalog catalog) {
    Need need = new Need();
    AcceleratorDemand first = null;
    for (ContainerDemand c : template.containers()) {
      for (AcceleratorDemand a : c.accelerators()) {
        switch (a.kind()) {
          case WHOLE -> need.devices += a.count();
          case SHARE -> need.milli += a.count() * shareMilli(a, catalog);
          case PARTITION -> need.milli += a.count() * partitionMilli(a, catalog);
          default -> {
            continue;
          }
        }
        if (first == null) {
          first = a;
        }
      }
    }
    if (first == null) {
      return need;
    }
    String vendor = first.vendor().name() + "/";
    String model = first.modelUpper();
    for (int j = 0; j < dims.size(); j++) {
      String name = dims.get(j).name();
      if (!name.startsWith(vendor)) {
        continue;
      }
      String cls = name.substring(0, name.lastIndexOf('/'));
      if (model != null && !cls.toUpperCase(Locale.ROOT).contains(model)) {
        continue;
      }
      if (name.endsWith("/devices")) {
        need.deviceDims.add(j);
      } else {
        need.milliDims.add(j);
      }
    }
    need.impossible = (need.devices > 0 && need.deviceDims.isEmpty()) || (need.milli > 0 && need.milliDims.isEmpty());
    return need;
  }

  /** A share in milli-device: the larger of its compute and memory fractions (MiB against the vendor's largest model). */
  private static long shareMilli(AcceleratorDemand a, Catalog catalog) {
    long milli = Math.max(Math.max(0, a.coresPercent()), Math.max(0, a.memoryPercent())) * 10L;
    if (a.memoryMiB() > 0) {
      long largest = 0;
      for (AcceleratorModel m : catalog.modelsOf(a.vendor())) {
        largest = Math.max(largest, m.memoryMiB());
      }
      if (largest > 0) {
        milli = Math.max(milli, (a.memoryMiB() * 1000 + largest - 1) / largest);
      }
    }
    return Math.max(1, Math.min(1000, milli));
  }

  private static long partitionMilli(AcceleratorDemand a, Catalog catalog) {
    for (AcceleratorModel m : catalog.modelsWithPartition(a.vendor(), a.profile())) {
      PartitionProfile p = m.partition(a.profile()).orElseThrow();
      if (m.computeSlices() > 0) {
        return Math.max(1, (long) p.computeSlices() * 1000 / m.computeSlices());
      }
    }
    return a.kind() == DemandKind.PARTITION ? 1000 : 1;
  }
}
