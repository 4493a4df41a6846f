package io.argosy.gpu.score;

import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.ContainerAssignment;
import io.argosy.gpu.fit.DeviceGrant;
import io.argosy.gpu.fit.NodeState;
import java.util.List;

/**
 * Scores a candidate placement 0..100, higher is better, combining:
 *
 * <ul>
 *   <li>the node level, Volcano's binpack formula {@code Σ(w_r × (request_r + used_r) / allocatable_r) /
 *       Σ w_r × 100} over cpu, memory and the node's accelerators (in milli-device), counting only the
 *       resources the pod asks for; spread scores {@code 100 − binpack};
 *   <li>the device level (HAMi's policy semantics): how full the chosen devices are after the placement,
 *       averaged; binpack prefers full devices, spread empty ones.
 * </ul>
 *
 * The two are weighted by {@link ScoringPolicy#binpackWeight()} and {@link ScoringPolicy#deviceWeight()};
 * a pod without devices gets the node score alone. The pod's own policies override the cluster's.
 * No allocation; safe to call millions of times.
 */
public final class Scorer {
  private Scorer() {}

  public static double score(NodeState node, PodDemand demand, Assignment candidate, ScoringPolicy clusterPolicy) {
    Policy nodePolicy = demand.nodePolicy() != null ? demand.nodePolicy() : clusterPolicy.nodePolicy();
    Policy devicePolicy = demand.devicePolicy() != null ? demand.devicePolicy() : clusterPolicy.devicePolicy();
    double nodeScore = nodeScore(node, demand, candidate, clusterPolicy, nodePolicy);
    double deviceScore = deviceScore(node, candidate, devicePolicy);
    double score;
    int wn = clusterPolicy.binpackWeight();
    int wd = clusterPolicy.deviceWeight();
    if (deviceScore < 0 || wd == 0) {
      score = nodeScore;
    } else if (wn == 0) {
      score = deviceScore;
    } else {
      score = (wn * nodeScore + wd * deviceScore) / (wn + wd);
    }
    return Math.max(0, Math.min(100, score));
  }

  /** Volcano's binpack score of the node after the placement (or 100 minus it for spread). */
  public static double nodeScore(
      NodeState node, PodDemand demand, Assignment candidate, ScoringPolicy weights, Policy policy) {
    double sum = 0;
    int weightSum = 0;
    if (demand.cpuMilli() > 0 && weights.cpuWeight() > 0 && node.cpuAllocatableMilli() > 0) {
      sum += weights.cpuWeight() * ratio(node.cpuUsedMilli() + demand.cpuMilli(), node.cpuAllocatableMilli());
      weightSum += weights.cpuWeight();
    }
    if (demand.memoryBytes() > 0 && weights.memoryWeight() > 0 && node.memoryAllocatableBytes() > 0) {
      sum += weights.memoryWeight() * ratio(node.memoryUsedBytes() + demand.memoryBytes(), node.memoryAllocatableBytes());
      weightSum += weights.memoryWeight();
    }
    long requested = requestedMilli(node, candidate);
    int devices = node.deviceCount();
    if (requested > 0 && weights.acceleratorWeight() > 0 && devices > 0) {
      long used = 0;
      for (int i = 0; i < devices; i++) {
        used += 1000 - node.freeMilli(i);
      }
      sum += weights.acceleratorWeight() * ratio(used + requested, devices * 1000L);
      weightSum += weights.acceleratorWeight();
    }
    double binpack = weightSum == 0 ? 0 : sum / weightSum * 100;
    return policy == Policy.SPREAD ? 100 - binpack : binpack;
  }

  /** Average fullness of the chosen devices after the placement, 0..100; -1 without devices. */
  public static double deviceScore(NodeState node, Assignment candidate, Policy policy) {
    double sum = 0;
    int count = 0;
    List<ContainerAssignment> cs = candidate.containers();
    for (int c = 0; c < cs.size(); c++) {
      List<DeviceGrant> gs = cs.get(c).grants();
      for (int g = 0; g < gs.size(); g++) {
        DeviceGrant grant = gs.get(g);
        int i = grant.deviceIndex();
        double after = (1000 - node.freeMilli(i) + grantMilli(node, grant)) / 1000.0;
        sum += Math.min(1, after);
        count++;
      }
    }
    if (count == 0) {
      return -1;
    }
    double full = sum / count * 100;
    return policy == Policy.SPREAD ? 100 - full : full;
  }

  private static long requestedMilli(NodeState node, Assignment candidate) {
    long milli = 0;
    List<ContainerAssignment> cs = candidate.containers();
    for (int c = 0; c < cs.size(); c++) {
      List<DeviceGrant> gs = cs.get(c).grants();
      for (int g = 0; g < gs.size(); g++) {
        milli += grantMilli(node, gs.get(g));
      }
    }
    return milli;
  }

  /** A grant's share of its device in milli-device: the larger of its memory and compute fractions. */
  static long grantMilli(NodeState node, DeviceGrant g) {
    var d = node.device(g.deviceIndex());
    if (g.partitionId() != null) {
      return d.cores() <= 0 ? 0 : (long) g.cores() * 1000 / d.cores(); // partitions count by compute slices
    }
    double mem = d.memoryMiB() <= 0 ? 0 : (double) g.memoryMiB() / d.memoryMiB();
    double cores = d.cores() <= 0 ? 0 : (double) g.cores() / d.cores();
    return Math.round(Math.min(1, Math.max(mem, cores)) * 1000);
  }

  private static double ratio(long used, long total) {
    return Math.min(1.0, (double) used / total);
  }
}
