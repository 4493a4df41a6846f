package io.argosy.core.control;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.score.Policy;
import io.argosy.gpu.score.ScoringPolicy;
import io.argosy.scheduler.fleet.PlacementMode;
import io.argosy.scheduler.framework.SchedulerConfig;
import java.util.Locale;

/**
 * The operator's scheduling policy ({@code GET/PUT /v1/policy}): how nodes and devices are chosen
 * and which actions run. A cluster's label {@code argosy.io/placement-policy} and a workload's
 * annotations ({@code hami.io/node-scheduler-policy}, {@code hami.io/gpu-scheduler-policy},
 * {@code argosy.io/placement-policy}) override it for that cluster or workload.
 *
 * @param nodePolicy {@code binpack}, {@code spread} or {@code fragmentation} (FGD: place where the
 *     fleet's GPU fragmentation grows least)
 * @param devicePolicy {@code binpack} or {@code spread}, for shares and partitions inside a node
 * @param weights Volcano binpack weights and the device-level weight
 * @param preemption a higher-priority gang may evict lower-priority gangs of its queue
 * @param reclaim a queue under its deserved share may take back capacity other queues borrowed
 * @param backfill a blocked gang reserves its cluster; later jobs may start there only if they end before
 * @param clustersCompared clusters that can take a gang whose placements are compared before the
 *     best is kept (1 to 20; absent: 3)
 * @param firstFitBacklog above this many pending jobs each gang takes the first cluster that can take
 *     it instead ({@code SchedulerConfig.firstFitBacklog}; absent: 20,000)
 */
public record SchedulingPolicy(
    String nodePolicy, String devicePolicy, Weights weights, boolean preemption, boolean reclaim, boolean backfill,
    Integer clustersCompared, Integer firstFitBacklog) {

  /** Volcano's binpack weights ({@code binpack.weight}, {@code .cpu}, {@code .memory}), accelerators, device level. */
  public record Weights(int binpack, int cpu, int memory, int accelerator, int device) {}

  public static final SchedulingPolicy DEFAULT =
      new SchedulingPolicy("fragmentation", "spread", new Weights(1, 1, 1, 1, 1), true, true, true, null, null);

  public SchedulingPolicy {
    nodePolicy = nodePolicy == null ? DEFAULT_NODE : nodePolicy.strip().toLowerCase(Locale.ROOT);
    devicePolicy = devicePolicy == null ? "spread" : devicePolicy.strip().toLowerCase(Locale.ROOT);
    weights = weights == null ? new Weights(1, 1, 1, 1, 1) : weights;
    // absent in policies stored before these fields existed
    clustersCompared = clustersCompared == null ? SchedulerConfig.defaults().clustersEvaluated() : clustersCompared;
    firstFitBacklog = firstFitBacklog == null ? SchedulerConfig.DEFAULT_FIRST_FIT_BACKLOG : firstFitBacklog;
  }

  private static final String DEFAULT_NODE = "fragmentation";

  /** Checks every field; the message names it. */
  public SchedulingPolicy validated() {
    PlacementMode.parse(nodePolicy, "nodePolicy");
    try {
      Policy.parse(devicePolicy);
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException("devicePolicy", e.getMessage());
    }
    int[] w = {weights.binpack(), weights.cpu(), weights.memory(), weights.accelerator(), weights.device()};
    String[] names = {"binpack", "cpu", "memory", "accelerator", "device"};
    for (int i = 0; i < w.length; i++) {
      if (w[i] < 0 || w[i] > 100) {
        throw new InvalidSpecException("weights." + names[i], "must be between 0 and 100, got " + w[i]);
      }
    }
    if (clustersCompared < 1 || clustersCompared > 20) {
      throw new InvalidSpecException("clustersCompared", "must be between 1 and 20, got " + clustersCompared);
    }
    if (firstFitBacklog < 0) {
      throw new InvalidSpecException("firstFitBacklog", "must not be negative, got " + firstFitBacklog);
    }
    return this;
  }

  public PlacementMode mode() {
    return PlacementMode.parse(nodePolicy, "nodePolicy");
  }

  /** The node/device scoring the fleet state gives every cluster. */
  public ScoringPolicy scoring() {
    Policy node = mode() == PlacementMode.SPREAD ? Policy.SPREAD : Policy.BINPACK;
    return new ScoringPolicy(node, Policy.parse(devicePolicy), weights.binpack(), weights.cpu(), weights.memory(),
        weights.accelerator(), weights.device());
  }

  /** The scheduler configuration: the defaults with this policy's mode, actions and cluster comparison. */
  public SchedulerConfig schedulerConfig(SchedulerConfig base) {
    return base.withDefaultMode(mode()).withActions(preemption, reclaim, backfill).withClustersEvaluated(clustersCompared)
        .withFirstFitBacklog(firstFitBacklog);
  }
}
