package io.argosy.core.view;

import java.util.List;

/**
 * One pod of a job's placement.
 *
 * @param devices device (or partition) ids granted, in container order
 * @param accelerators what they are, e.g. {@code 8 x A100-80GB}, {@code 1 x H100-80GB mig-3g.40gb},
 *     {@code 1 x L40S 10000MiB/30%} (a share); empty for CPU pods
 * @param phase the pod's last reported phase ({@code Pending} until the agent reports)
 */
public record PodView(
    String name, String task, String cluster, String node, List<String> devices, String accelerators, String phase,
    String reason) {

  public PodView {
    devices = devices == null ? List.of() : List.copyOf(devices);
  }

  public PodView withPhase(String p, String r) {
    return new PodView(name, task, cluster, node, devices, accelerators, p, r);
  }
}
