package io.argosy.core.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.core.control.SchedulingPolicy;
import io.argosy.core.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the JSON of the REST API and of {@code -o json}: exactly these field names, as documented in
 * core/README.md and docs/. Renaming or removing a field breaks clients; this test makes that a decision.
 */
class ApiJsonTest {
  static List<String> fields(Object value) {
    JsonNode n = Json.mapper().valueToTree(value);
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  static final PodView POD = new PodView("mpi-worker-0", "worker", "aws-us-east", "a100-0", List.of("a100-0/gpu-0"),
      "1 x A100-80GB", "Running", "Started");
  static final TransitionView TRANSITION = new TransitionView("Pending", "Admitted", "placed 3 pods", "2025-01-01T00:00:00Z");

  @Test
  void jobView() {
    JobView j = new JobView("default", "mpi", "uid-1", "batch.volcano.sh/v1alpha1", "Job", "training", 1000, "high",
        "Running", "all 3 pods running", "2025-01-01T00:00:00Z", "2025-01-01T00:00:05Z", 3, List.of("aws-us-east"),
        List.of(POD), List.of("cluster a: insufficient nvidia.com/gpu"), List.of(TRANSITION),
        "ClusterPropagationPolicy gpu-jobs", List.of(new JobView.ClusterOverrides("aws-us-east",
            List.of("OverridePolicy default/eu rule 0: /spec/tasks/0/template/spec/containers/0/image: a -> b"))));
    assertThat(fields(j)).containsExactly("namespace", "name", "uid", "apiVersion", "kind", "queue", "priority",
        "priorityClass", "state", "reason", "submittedAt", "updatedAt", "pods", "clusters", "placement", "pendingReasons",
        "history", "propagationPolicy", "overrides");
    assertThat(fields(j.overrides().get(0))).containsExactly("cluster", "changes");
    assertThat(fields(j.summary())).doesNotContain("history");
    assertThat(fields(POD)).containsExactly("name", "task", "cluster", "node", "devices", "accelerators", "phase", "reason");
    assertThat(fields(TRANSITION)).containsExactly("from", "to", "reason", "at");
    assertThat(Json.read(Json.write(j), JobView.class)).isEqualTo(j);
  }

  @Test
  void clusterView() {
    ClusterView c = new ClusterView("aws-us-east", "v1.30.4", "Push", true, "Ready", true, false, "2025-01-01T00:00:00Z",
        "2025-01-01T00:01:00Z", Map.of("region", "us-east-1"), List.of("k=v:NoSchedule"), 10, 10,
        List.of(new ClusterView.AcceleratorCount("nvidia", "A100-80GB", "whole", 32)), "Ready");
    assertThat(fields(c)).containsExactly("name", "version", "mode", "ready", "condition", "connected", "cordoned",
        "joinedAt", "lastSeen", "labels", "taints", "nodes", "readyNodes", "accelerators", "health");
    assertThat(fields(c.accelerators().get(0))).containsExactly("vendor", "model", "mode", "devices");
    assertThat(Json.read(Json.write(c), ClusterView.class)).isEqualTo(c);
  }

  @Test
  void queueInfo() {
    QueueInfo q = new QueueInfo("training", "research", 2, 0, true, true, Map.of("nvidia.com/gpu", 32L), Map.of(),
        Map.of("nvidia.com/gpu", 16L), Map.of("nvidia.com/gpu", 8L), 3, 1, List.of("over"));
    assertThat(fields(q)).containsExactly("name", "parent", "weight", "priority", "open", "reclaimable", "capability",
        "guarantee", "deserved", "usage", "pending", "admitted", "overages");
  }

  @Test
  void capacityReport() {
    var mig = new CapacityReport.AcceleratorCapacity("nvidia", "H100-80GB", "mig-mixed",
        new CapacityReport.Devices(16, 12, 4, 0, 1.5), 37.5,
        List.of(new CapacityReport.PartitionCapacity("3g.40gb", "nvidia.com/mig-3g.40gb", 32, 12, 20)), null);
    var share = new CapacityReport.ShareCapacity(new CapacityReport.Amount(98304, 20000, 78304),
        new CapacityReport.Amount(200, 60, 140), new CapacityReport.Amount(20, 2, 18), 98304, 1.0);
    var vgpu = new CapacityReport.AcceleratorCapacity("nvidia", "L40S", "share", new CapacityReport.Devices(2, 1, 1, 0, 0),
        30.0, List.of(), share);
    var queue = new CapacityReport.QueueCapacity("training", "research", 2, 1, 3,
        List.of(new CapacityReport.QueueResource("nvidia.com/gpu", 40, 32L, 8L, 48L, 8, 16)), List.of());
    var r = new CapacityReport("2025-01-01T00:00:00Z", "pending", List.of(new CapacityReport.ClusterCapacity("aws-us-east", true,
        "Ready", 10, 10, 0, CapacityReport.Amount.of(896000, 800000), CapacityReport.Amount.of(1L << 40, 1L << 39),
        CapacityReport.Amount.of(1100, 1000), List.of(mig, vgpu))), List.of(mig, vgpu), List.of(queue),
        List.of(new CapacityReport.PendingDemand("nvidia.com/gpu", 16, 1, List.of("training"))));
    assertThat(fields(r)).containsExactly("at", "fragmentationBasis", "clusters", "totals", "queues", "pending");
    assertThat(fields(r.clusters().get(0))).containsExactly("name", "ready", "condition", "nodes", "readyNodes",
        "unhealthyDevices", "cpu", "memory", "pods", "accelerators");
    assertThat(fields(r.clusters().get(0).cpu())).containsExactly("total", "allocated", "free");
    assertThat(fields(vgpu)).containsExactly("vendor", "model", "mode", "devices", "allocatedPercent", "partitions", "share");
    assertThat(fields(mig)).doesNotContain("share");
    assertThat(fields(mig.devices())).containsExactly("total", "allocated", "free", "unhealthy", "fragmented");
    assertThat(fields(mig.partitions().get(0))).containsExactly("profile", "resource", "total", "allocated", "free");
    assertThat(fields(share)).containsExactly("memoryMiB", "cores", "slots", "physicalMemoryMiB", "memoryOvercommit");
    assertThat(fields(queue)).containsExactly("name", "parent", "weight", "pendingJobs", "admittedJobs", "resources", "overages");
    assertThat(fields(queue.resources().get(0))).containsExactly("resource", "used", "deserved", "guarantee", "capability",
        "borrowed", "pending");
    assertThat(fields(r.pending().get(0))).containsExactly("resource", "amount", "jobs", "queues");
    assertThat(Json.read(Json.write(r), CapacityReport.class)).isEqualTo(r);
  }

  @Test
  void submitResultErrorAndPolicy() {
    var s = new SubmitResult(List.of(new SubmitResult.ObjectResult("batch/v1", "Job", "default", "x", "uid", "created")));
    assertThat(fields(s)).containsExactly("objects");
    assertThat(fields(s.objects().get(0))).containsExactly("apiVersion", "kind", "namespace", "name", "uid", "result");
    var e = new ApiError(422, "document 0 (Job default/x): spec.queue: queue nope does not exist", "spec.queue",
        "queue nope does not exist", 0, "Job", "default/x");
    assertThat(fields(e)).containsExactly("status", "error", "field", "reason", "document", "kind", "name");
    assertThat(fields(SchedulingPolicy.DEFAULT)).containsExactly("nodePolicy", "devicePolicy", "weights", "preemption",
        "reclaim", "backfill", "clustersCompared", "firstFitBacklog");
    assertThat(fields(SchedulingPolicy.DEFAULT.weights())).containsExactly("binpack", "cpu", "memory", "accelerator", "device");
  }
}
