package io.argosy.gpu.demand;

import io.argosy.gpu.score.Policy;
import java.util.List;
import java.util.Map;

/**
 * A pod's whole demand, parsed from its spec and annotations by {@link DemandParser}. Immutable and
 * parsed once per pod template, never in the scheduling hot path.
 *
 * @param cpuMilli pod CPU request as kube-scheduler computes it (sum of containers, max with init
 *     containers, plus overhead)
 * @param memoryBytes pod memory request, same rule
 * @param containers per-container demand, in spec order
 * @param selector device type/UUID restrictions from annotations
 * @param nodePolicy the workload's node-level policy ({@code hami.io/node-scheduler-policy}), or null
 *     to use the cluster's
 * @param devicePolicy the workload's device-level policy ({@code hami.io/gpu-scheduler-policy}), or
 *     null to use the cluster's
 * @param resources the summed resource vector (canonical resource name to amount: cpu in milli,
 *     memory in bytes, device counts, share memory MiB and cores percent times device count,
 *     partition instances) used by quota and fair share
 */
public record PodDemand(
    long cpuMilli,
    long memoryBytes,
    List<ContainerDemand> containers,
    DeviceSelector selector,
    Policy nodePolicy,
    Policy devicePolicy,
    Map<String, Long> resources) {

  public PodDemand {
    containers = List.copyOf(containers);
    resources = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(resources)); // sorted: stable output
  }

  /** True when any container asks for an accelerator or extended resource. */
  public boolean hasAccelerators() {
    for (ContainerDemand c : containers) {
      if (c.hasAccelerators()) {
        return true;
      }
    }
    return false;
  }
}
