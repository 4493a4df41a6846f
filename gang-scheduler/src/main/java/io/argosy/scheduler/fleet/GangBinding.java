package io.argosy.scheduler.fleet;

import io.argosy.queue.job.JobId;
import java.util.List;

/**
 * The placement of a gang (or, for a job divided across clusters, of its part) in one member
 * cluster: what the agent applies. Capacity is held in {@link FleetState} as assumed from the moment
 * the scheduler emits it until the agent confirms, rejects or the assumption expires.
 *
 * @param bindingId unique within the fleet state, {@code <namespace>/<job>@<cluster>#<sequence>}
 */
public record GangBinding(String bindingId, JobId job, String cluster, List<PodPlacement> pods) {
  public GangBinding {
    pods = List.copyOf(pods);
  }

  /** The Kubernetes key of a pod of this binding: {@code namespace/podName}. */
  public String podKey(PodPlacement p) {
    return job.namespace() + "/" + p.podName();
  }
}
