package io.argosy.gpu.score;

/**
 * How nodes and devices are preferred. A workload's own policy ({@code hami.io/node-scheduler-policy},
 * {@code hami.io/gpu-scheduler-policy}) overrides the cluster's for that workload.
 *
 * @param nodePolicy binpack: prefer the fullest node that fits; spread: the emptiest
 * @param devicePolicy binpack: put shares and partitions on the most used devices; spread: the least used
 * @param binpackWeight Volcano's {@code binpack.weight}: weight of the node-level score
 * @param cpuWeight Volcano's {@code binpack.cpu}
 * @param memoryWeight Volcano's {@code binpack.memory}
 * @param acceleratorWeight weight of the node's accelerator usage (milli-device) in the node score;
 *     Volcano lists extended resources explicitly ({@code binpack.resources}), Argosy always includes
 *     the pod's accelerators
 * @param deviceWeight weight of the device-level score against the node-level one
 */
public record ScoringPolicy(
    Policy nodePolicy,
    Policy devicePolicy,
    int binpackWeight,
    int cpuWeight,
    int memoryWeight,
    int acceleratorWeight,
    int deviceWeight) {

  /** Volcano's binpack weights (1, 1, 1) with HAMi's default policies: node binpack, device spread. */
  public static final ScoringPolicy DEFAULT = new ScoringPolicy(Policy.BINPACK, Policy.SPREAD, 1, 1, 1, 1, 1);

  public ScoringPolicy {
    if (nodePolicy == null || devicePolicy == null) {
      throw new IllegalArgumentException("node and device policies are required");
    }
    if (binpackWeight < 0 || cpuWeight < 0 || memoryWeight < 0 || acceleratorWeight < 0 || deviceWeight < 0) {
      throw new IllegalArgumentException("weights must not be negative");
    }
  }

  /** This policy with both levels set. */
  public ScoringPolicy with(Policy node, Policy device) {
    return new ScoringPolicy(node, device, binpackWeight, cpuWeight, memoryWeight, acceleratorWeight, deviceWeight);
  }

  public static ScoringPolicy of(Policy node, Policy device) {
    return DEFAULT.with(node, device);
  }
}
