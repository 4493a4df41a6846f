package io.argosy.gpu.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.gpu.Fixtures;
import io.argosy.gpu.Manifests;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.inventory.Device;
import io.argosy.gpu.inventory.InventoryReader;
import io.argosy.gpu.inventory.NodeInventory;
import io.argosy.gpu.score.Policy;
import io.argosy.gpu.score.ScoringPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random allocate/release sequences on every kind of node never overcommit a device, a partition, a
 * countable or the node, and releasing restores the exact prior usage.
 */
class AccountingProperties {
  private static final Catalog CATALOG = Catalog.builtin();
  private static final InventoryReader READER = new InventoryReader(CATALOG);
  private static final DemandParser PARSER = new DemandParser(CATALOG);
  private static final Map<String, NodeInventory> NODES = new HashMap<>();

  /** Demands that exercise each node kind; a node that cannot serve one simply answers NoFit. */
  private static final List<PodDemand> DEMANDS = List.of(
      d("cpu: '4', memory: 8Gi"),
      d("nvidia.com/gpu: 1, cpu: '2'"),
      d("nvidia.com/gpu: 3"),
      d("nvidia.com/gpu: 1, nvidia.com/gpumem: 10000, nvidia.com/gpucores: 30"),
      d("nvidia.com/gpu: 2, nvidia.com/gpumem-percentage: 25"),
      d("nvidia.com/gpu: 1, nvidia.com/gpumem: 2000, nvidia.com/gpucores: 100"),
      d("nvidia.com/vgpu: 1, nvidia.com/gpumem: 4000"),
      d("volcano.sh/vgpu-number: 1, volcano.sh/vgpu-memory: 6000, volcano.sh/vgpu-cores: 20"),
      d("nvidia.com/mig-1g.10gb: 2"),
      d("nvidia.com/mig-3g.40gb: 1, rdma/hca_shared_devices_a: 300"),
      d("nvidia.com/mig-2g.20gb: 1"),
      d("huawei.com/Ascend310P-2c: 1"),
      d("huawei.com/Ascend310P-1c: 1"),
      d("huawei.com/Ascend310P: 1"),
      d("huawei.com/npu-core: 1"),
      d("huawei.com/Ascend910B3: 1, huawei.com/Ascend910B3-memory: 20000"),
      d("iluvatar.ai/BI-V150-vgpu: 1, iluvatar.ai/BI-V150.vCore: 40, iluvatar.ai/BI-V150.vMem: 32"),
      d("metax-tech.com/sgpu: 1, metax-tech.com/vcore: 30, metax-tech.com/vmemory: 8"),
      d("cambricon.com/mlu.smlu.vcore: 40, cambricon.com/mlu.smlu.vmemory: 16"),
      d("cambricon.com/mlu.mim-1m.4gb: 1"),
      d("cambricon.com/mlu.share: 2"));

  private static PodDemand d(String limits) {
    return PARSER.parse(Manifests.podWithLimits(limits));
  }

  private static synchronized NodeInventory node(String file) {
    return NODES.computeIfAbsent(file, f -> READER.read(Fixtures.node(f)));
  }

  @Provide
  Arbitrary<String> nodes() {
    return Arbitraries.of("nvidia-whole-a100", "nvidia-mig-mixed-a100", "nvidia-mig-single-a100-40", "hami-vgpu-a100",
        "dce-vgpu-t4", "volcano-vgpu", "ascend-310p-vnpu", "hami-ascend-910b3", "iluvatar-hami-bi-v150", "metax-sgpu",
        "cambricon-smlu", "cambricon-mim", "cambricon-env-share");
  }

  @Provide
  Arbitrary<ScoringPolicy> policies() {
    return Arbitraries.of(ScoringPolicy.of(Policy.BINPACK, Policy.BINPACK), ScoringPolicy.of(Policy.SPREAD, Policy.SPREAD));
  }

  @Property(tries = 300, seed = "20240601")
  void randomSequencesNeverOvercommitAndReleaseRestores(
      @ForAll("nodes") String file,
      @ForAll("policies") ScoringPolicy policy,
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 999) Integer> ops) {
    NodeState s = new NodeState(node(file));
    NodeState.Usage empty = s.usage();
    List<Assignment> held = new ArrayList<>();
    for (int op : ops) {
      if (op < 700 || held.isEmpty()) {
        PodDemand demand = DEMANDS.get(op % DEMANDS.size());
        FitResult r = s.fit(demand, policy);
        if (r instanceof FitResult.Fits f) {
          NodeState.Usage before = s.usage();
          s.allocate(f.assignment());
          // an allocate undone at once restores the exact prior usage
          if (op % 7 == 0) {
            s.release(f.assignment());
            assertThat(s.usage()).isEqualTo(before);
            s.allocate(f.assignment());
          }
          held.add(f.assignment());
        } else {
          assertThat(((FitResult.NoFit) r).reasons()).isNotEmpty();
        }
      } else {
        s.release(held.remove(op % held.size()));
      }
      assertNoOvercommit(s);
    }
    // releasing everything, in any order, gets back to the empty node
    java.util.Collections.shuffle(held, new java.util.Random(ops.hashCode()));
    for (Assignment a : held) {
      s.release(a);
    }
    assertThat(s.usage()).isEqualTo(empty);
  }

  @net.jqwik.api.Example
  void everyNodeKindServesSomeAcceleratorDemandOfThePool() {
    for (String file : List.of("nvidia-whole-a100", "nvidia-mig-mixed-a100", "nvidia-mig-single-a100-40", "hami-vgpu-a100",
        "dce-vgpu-t4", "volcano-vgpu", "ascend-310p-vnpu", "hami-ascend-910b3", "iluvatar-hami-bi-v150", "metax-sgpu",
        "cambricon-smlu", "cambricon-mim", "cambricon-env-share")) {
      NodeState s = new NodeState(node(file));
      long served = DEMANDS.stream().skip(1)
          .filter(d -> s.fit(d, ScoringPolicy.DEFAULT) instanceof FitResult.Fits f
              && f.assignment().containers().stream().anyMatch(c -> !c.grants().isEmpty()))
          .count();
      assertThat(served).as("accelerator demands %s serves", file).isPositive();
    }
  }

  @Property(tries = 100, seed = "7")
  void copiesAreIndependent(@ForAll("nodes") String file, @ForAll @IntRange(min = 0, max = 20) int pick) {
    NodeState s = new NodeState(node(file));
    NodeState c = s.copy();
    FitResult r = c.fit(DEMANDS.get(pick), ScoringPolicy.DEFAULT);
    if (r instanceof FitResult.Fits f) {
      c.allocate(f.assignment());
      assertThat(s.usage()).isEqualTo(new NodeState(node(file)).usage());
      assertThat(c.usage()).isNotEqualTo(s.usage());
    }
  }

  @Property(tries = 100, seed = "11")
  void aForgedOvercommitIsRefusedAndChangesNothing(@ForAll("nodes") String file, @ForAll @IntRange(min = 0, max = 20) int pick) {
    NodeState s = new NodeState(node(file));
    FitResult r = s.fit(DEMANDS.get(pick), ScoringPolicy.DEFAULT);
    if (!(r instanceof FitResult.Fits f) || f.assignment().containers().stream().allMatch(c -> c.grants().isEmpty())) {
      return;
    }
    Assignment a = f.assignment();
    s.allocate(a);
    NodeState.Usage before = s.usage();
    boolean onlyShares = a.containers().stream().flatMap(c -> c.grants().stream())
        .allMatch(g -> g.partitionId() == null && !g.exclusive());
    if (!onlyShares) {
      // the same whole devices or partitions cannot be granted twice
      assertThatThrownBy(() -> s.allocate(a)).isInstanceOf(IllegalStateException.class);
      assertThat(s.usage()).isEqualTo(before);
    }
    // a grant bigger than the device never fits
    DeviceGrant g = a.containers().stream().flatMap(c -> c.grants().stream()).findFirst().orElseThrow();
    Device dev = s.device(g.deviceIndex());
    Assignment huge = new Assignment(a.node(), 0, 0, List.of(new ContainerAssignment("x",
        List.of(new DeviceGrant(g.deviceIndex(), g.deviceId(), g.resource(), null, dev.memoryMiB() + 1, 1, false)), Map.of())));
    assertThatThrownBy(() -> s.allocate(huge)).isInstanceOf(IllegalStateException.class);
    assertThat(s.usage()).isEqualTo(before);
    // releasing what was never allocated is refused too
    s.release(a);
    assertThatThrownBy(() -> s.release(a)).isInstanceOf(IllegalStateException.class);
    assertThat(s.usage()).isEqualTo(new NodeState(node(file)).usage());
  }

  private static void assertNoOvercommit(NodeState s) {
    assertThat(s.cpuUsedMilli()).isBetween(0L, s.cpuAllocatableMilli());
    assertThat(s.memoryUsedBytes()).isBetween(0L, s.memoryAllocatableBytes());
    assertThat(s.podsUsed()).isBetween(0, s.podsAllocatable());
    for (int i = 0; i < s.deviceCount(); i++) {
      Device d = s.device(i);
      assertThat(s.usedMemoryMiB(i)).as("memory of %s", d.id()).isBetween(0L, d.memoryMiB());
      assertThat(s.usedCores(i)).as("cores of %s", d.id()).isBetween(0, d.cores());
      assertThat(s.tasks(i)).as("tasks of %s", d.id()).isBetween(0, Math.max(1, d.splitCount()));
      if (s.exclusive(i)) {
        assertThat(s.tasks(i)).as("exclusive %s has one task", d.id()).isEqualTo(1);
      }
      assertThat(s.freeMilli(i)).isBetween(0, 1000);
      if (!d.partitions().isEmpty()) {
        long used = 0;
        for (int q = 0; q < s.partitionCount(); q++) {
          if (s.partition(q).deviceIndex() == i && !s.partitionFree(q)) {
            used++;
          }
        }
        assertThat(s.tasks(i)).as("tasks of %s are its used partitions", d.id()).isEqualTo(used);
      }
    }
    for (Map.Entry<String, Long> e : s.countableFree().entrySet()) {
      assertThat(e.getValue()).isBetween(0L, s.inventory().countable().get(e.getKey()));
    }
  }
}
