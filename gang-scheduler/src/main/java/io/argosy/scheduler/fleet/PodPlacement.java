package io.argosy.scheduler.fleet;

import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.ContainerAssignment;
import io.argosy.gpu.fit.DeviceGrant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one pod of a gang goes.
 *
 * @param podName deterministic: {@code <job>-<task>-<index>}
 * @param task the task (role) it belongs to
 * @param node the node
 * @param assignment cpu, memory and the devices per container
 */
public record PodPlacement(String podName, String task, String node, Assignment assignment) {

  /** Device ids granted, in container order; a partition grant is named by its partition id. */
  public List<String> devices() {
    List<String> out = new ArrayList<>();
    for (ContainerAssignment c : assignment.containers()) {
      for (DeviceGrant g : c.grants()) {
        out.add(g.partitionId() != null ? g.partitionId() : g.deviceId());
      }
    }
    return out;
  }
}
