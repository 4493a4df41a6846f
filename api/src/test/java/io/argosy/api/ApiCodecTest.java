package io.argosy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.ContainerAssignment;
import io.argosy.gpu.fit.DeviceGrant;
import io.argosy.gpu.inventory.Device;
import io.argosy.gpu.inventory.DeviceMode;
import io.argosy.gpu.inventory.NodeInventory;
import io.argosy.gpu.inventory.Partition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiCodecTest {

  static NodeInventory node() {
    Device mig =
        new Device(
            "GPU-1", 0, Vendor.NVIDIA, "A100-80GB", "NVIDIA-A100-SXM4-80GB", 81920, 100, DeviceMode.MIG_MIXED, 1,
            true, 0,
            List.of(new Partition("gpu-0/mig-3g.40gb-0", "3g.40gb", "nvidia.com/mig-3g.40gb", 0, 40960)));
    return new NodeInventory(
        "n1", Map.of("nvidia.com/mig.strategy", "mixed"), List.of("gpu=true:NoSchedule"), true, 64000,
        256L << 30, 110, List.of(mig), Map.of("example.com/foo", 2L));
  }

  static Assignment assignment() {
    return new Assignment(
        "n1", 4000, 8L << 30,
        List.of(new ContainerAssignment(
            "main", List.of(new DeviceGrant(0, "GPU-1", "nvidia.com/mig-3g.40gb", "gpu-0/mig-3g.40gb-0", 40960, 42, true)),
            Map.of())));
  }

  @Test
  void everyMessageRoundTripsWithItsTypeDiscriminator() {
    PodReport pod = new PodReport("ns", "j-main-0", "n1", PodPhase.RUNNING, "ns/j", "b-1", "main", assignment(), null);
    WorkloadReport wl = new WorkloadReport("Job.batch.volcano.sh", "ns", "j", "ns/j", "b-1", "Running", null);
    Binding binding = new Binding("b-1", "ns/j", "c1", "kind: Pod", List.of(new PodBinding("j-main-0", "main", 0, "n1", assignment())));
    List<Message> all =
        List.of(
            new Hello(Hello.PROTOCOL, "c1", "agent-1", AgentMode.PULL, "v1.30.0", List.of(Hello.VOLCANO), Map.of("region", "eu"), List.of("dedicated=ai:NoSchedule")),
            new ClusterSnapshot("c1", 7, List.of(new NodeReport(node(), Map.of("Ready", "True"), false)), List.of(pod), List.of(wl)),
            new ClusterDelta("c1", 8, List.of(), List.of("n2"), List.of(pod), List.of("ns/x"), List.of(), List.of(wl.key())),
            new Heartbeat("c1", 8, 1234),
            binding,
            BindingResult.accepted(binding, List.of("j-main-0")),
            BindingResult.rejected(binding, "node n1: not ready"),
            new StatusEvent("c1", "b-1", "ns/j", "ns", "j-main-0", "main", "n1", PodPhase.FAILED, "OOMKilled", 99),
            new Withdraw("c1", "ns/j", null, WithdrawReason.PREEMPT),
            new WithdrawResult("c1", "ns/j", null, WithdrawReason.PREEMPT, List.of("Pod/ns/j-main-0")),
            new ResyncRequest("c1", "gap"));
    for (Message m : all) {
      String json = ApiCodec.encode(m);
      assertThat(json).contains("\"type\":\"" + m.getClass().getSimpleName() + "\"");
      assertThat(ApiCodec.decode(json)).isEqualTo(m);
    }
  }

  @Test
  void enumsUseTheWireSpelling() {
    String json = ApiCodec.encode(new Withdraw("c1", "ns/j", null, WithdrawReason.CANCEL));
    assertThat(json).contains("\"reason\":\"cancel\"").doesNotContain("bindingId");
    assertThat(ApiCodec.encode(new Hello(1, "c", "a", AgentMode.PUSH, "v", List.of(), null, null))).contains("\"mode\":\"push\"");
  }

  @Test
  void unknownFieldsAreIgnoredForForwardCompatibility() {
    Message m = ApiCodec.decode("{\"type\":\"Heartbeat\",\"cluster\":\"c\",\"sequence\":3,\"timeMillis\":1,\"future\":true}");
    assertThat(m).isEqualTo(new Heartbeat("c", 3, 1));
  }

  @Test
  void badFramesNameTheProblem() {
    assertThatThrownBy(() -> ApiCodec.decode("{\"type\":\"Nope\",\"cluster\":\"c\"}"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("Nope");
    assertThatThrownBy(() -> ApiCodec.decode("{\"type\":\"Heartbeat\"}"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("cluster");
    assertThatThrownBy(() -> ApiCodec.decode("not json")).isInstanceOf(ProtocolException.class);
  }
}
