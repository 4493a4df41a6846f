package io.argosy.solver.model;

import io.argosy.gpu.score.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pending gang (or one divisible part of a job): placed whole on one cluster or not at all.
 *
 * @param id unique id in the problem
 * @param job the job the gang belongs to; parts of one divisible job share it (a gang that is a whole
 *     job uses its own id)
 * @param queue the tenant queue charged for it
 * @param priority the PriorityClass value, for reports; the objective uses {@code weight}
 * @param weight priority weight (at least 1) the gang's GPU demand is multiplied by in the objective;
 *     {@link PriorityWeights#denseRanks} gives the default mapping from priorities
 * @param podSets its pods
 * @param clusterRanks the clusters its placement policy admits (clusterAffinity/clusterAffinities),
 *     each with the index of the first affinity term that admits it (0 = first choice); a cluster
 *     missing here is excluded
 * @param tolerations Karmada clusterTolerations
 * @param divisible true when the gang is one part of a job that may be divided across clusters
 * @param spread the job's spread constraints (divisible jobs only; the same on every part)
 * @param quota the quota vector charged when placed (resource name to amount, e.g. {@code cpu} in
 *     milli, {@code memory} in bytes, {@code nvidia.com/gpu} in devices), as the queue counts it
 * @param policy the workload's own binpack/spread policy, or null to use the cluster's
 */
public record GangRequest(
    String id,
    String job,
    String queue,
    int priority,
    long weight,
    List<PodSet> podSets,
    Map<String, Integer> clusterRanks,
    List<Toleration> tolerations,
    boolean divisible,
    List<SpreadConstraint> spread,
    Map<String, Long> quota,
    Policy policy) {

  public GangRequest {
    podSets = List.copyOf(podSets);
    clusterRanks = Map.copyOf(clusterRanks);
    tolerations = List.copyOf(tolerations);
    spread = List.copyOf(spread);
    quota = Map.copyOf(quota);
  }

  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** GPU demand of the whole gang in milli-GPU (whole devices 1000 each, shares by fraction). */
  public long gpuMilli() {
    long sum = 0;
    for (PodSet p : podSets) {
      sum += p.gpuMilli();
    }
    return sum;
  }

  public int podCount() {
    int n = 0;
    for (PodSet p : podSets) {
      n += p.count();
    }
    return n;
  }

  /**
   * The quota vector a gang charges by default when the caller gives none: {@code cpu} (milli),
   * {@code memory} (bytes) and each accelerator resource in devices (shares: in devices too).
   */
  public static Map<String, Long> defaultQuota(List<PodSet> podSets) {
    Map<String, Long> q = new LinkedHashMap<>();
    for (PodSet p : podSets) {
      q.merge("cpu", p.count() * p.shape().cpuMilli(), Long::sum);
      q.merge("memory", p.count() * p.shape().memoryBytes(), Long::sum);
      for (AcceleratorShape a : p.shape().accelerators()) {
        q.merge(a.resource(), (long) p.count() * a.devices(), Long::sum);
      }
    }
    return q;
  }

  /** Builder with the defaults a standalone gang has: its own job, queue {@code default}, weight 1. */
  public static final class Builder {
    private final String id;
    private String job;
    private String queue = "default";
    private int priority;
    private long weight = 1;
    private final List<PodSet> podSets = new ArrayList<>();
    private final Map<String, Integer> clusterRanks = new LinkedHashMap<>();
    private final List<Toleration> tolerations = new ArrayList<>();
    private boolean divisible;
    private final List<SpreadConstraint> spread = new ArrayList<>();
    private Map<String, Long> quota;
    private Policy policy;

    private Builder(String id) {
      this.id = id;
    }

    public Builder job(String job) {
      this.job = job;
      return this;
    }

    public Builder queue(String queue) {
      this.queue = queue;
      return this;
    }

    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    public Builder weight(long weight) {
      this.weight = weight;
      return this;
    }

    public Builder pods(int count, PodShape shape) {
      podSets.add(new PodSet(count, shape));
      return this;
    }

    /** Admits {@code cluster} at affinity rank {@code rank}. */
    public Builder cluster(String cluster, int rank) {
      clusterRanks.put(cluster, rank);
      return this;
    }

    /** Admits every named cluster at rank 0. */
    public Builder clusters(Iterable<String> clusters) {
      for (String c : clusters) {
        clusterRanks.put(c, 0);
      }
      return this;
    }

    public Builder tolerate(Toleration toleration) {
      tolerations.add(toleration);
      return this;
    }

    public Builder divisible(boolean divisible) {
      this.divisible = divisible;
      return this;
    }

    public Builder spread(SpreadConstraint constraint) {
      spread.add(constraint);
      return this;
    }

    public Builder quota(Map<String, Long> quota) {
      this.quota = quota;
      return this;
    }

    public Builder policy(Policy policy) {
      this.policy = policy;
      return this;
    }

    public GangRequest build() {
      return new GangRequest(
          id, job == null ? id : job, queue, priority, weight, podSets, clusterRanks, tolerations,
          divisible, spread, quota == null ? defaultQuota(podSets) : quota, policy);
    }
  }
}
