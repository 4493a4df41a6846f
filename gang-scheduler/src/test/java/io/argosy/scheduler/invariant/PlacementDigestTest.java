package io.argosy.scheduler.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.demand.AcceleratorDemand;
import io.argosy.gpu.demand.ContainerDemand;
import io.argosy.gpu.demand.DeviceSelector;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.queue.JobQueues;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobKind;
import io.argosy.queue.job.Task;
import io.argosy.queue.placement.Placement;
import io.argosy.scheduler.cycle.CycleResult;
import io.argosy.scheduler.cycle.PendingJob;
import io.argosy.scheduler.cycle.Scheduler;
import io.argosy.scheduler.fleet.FleetState;
import io.argosy.scheduler.fleet.GangBinding;
import io.argosy.scheduler.fleet.PlacementMode;
import io.argosy.scheduler.fleet.PodPlacement;
import io.argosy.scheduler.framework.SchedulerConfig;
import io.argosy.scheduler.preempt.Preemption;
import io.argosy.scheduler.testing.Harness;
import io.argosy.scheduler.testing.Nodes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Pins what the cycle decides on fixed seeds: every binding (pod, node, devices), pending message and
 * eviction, hashed. Speed work on the cycle must leave these digests unchanged; a deliberate change
 * of placement updates them together with the openb figures it moves.
 */
class PlacementDigestTest {

  /** The random fleets and job streams of {@link RandomFleetProperties}, seeds 1-8, on the fast path. */
  @Test
  void randomFleetsDecideAsPinned() {
    StringBuilder all = new StringBuilder();
    for (long seed = 1; seed <= 8; seed++) {
      for (CycleResult r : RandomFleetProperties.run(seed, false)) {
        describe(r, all);
      }
    }
    assertThat(sha256(all)).isEqualTo("89c471bfb5ff9f57fbd1fd096198826584b9b3268f9b15930e844be167e66b32");
  }

  /**
   * A small mixed version of Armada's shape: 100 nodes (half with 8 A100s), 3,600 single-pod jobs of
   * 1-4 cpu, some with 1, 2 or 8 GPUs, more than fit; two cycles with a third of the first cycle's
   * gangs finished in between.
   */
  @ParameterizedTest
  @CsvSource({
      "argosy, 986306d93d95a555cc23c2aa9887b1793520f11ec957eb09368cae883d50baab",
      "binpack, 2af50afb3342252b3eb499e018e4a1bc3bc48fe5d9813d50f4ec49481c3d6e50",
      "fragmentation, 32c6198bc0e454047b43193b3632743fdd0ddc8042a4060c51793c1c89d1c8d8",
      "spread, c33f9ad589c672b2c722601526493f0e7abd7777881324b88378286819b7a43a"})
  void armadaLikeStreamDecidesAsPinned(String policy, String digest) {
    Clock clock = Clock.fixed(Harness.T0, ZoneOffset.UTC);
    FleetState fleet = new FleetState();
    fleet.upsertCluster("c1", Map.of("region", "us-east"), List.of(), true, null);
    for (int i = 0; i < 100; i++) {
      Nodes n = i % 2 == 0 ? Nodes.nvidia("node-" + i, "NVIDIA-A100-SXM4-80GB", 8) : Nodes.node("node-" + i);
      fleet.upsertNode("c1", n.cpu(32).memoryGi(256).inventory());
    }
    JobQueues queues = new JobQueues(clock);
    Random r = new Random(20261205);
    for (int j = 0; j < 3600; j++) {
      int roll = r.nextInt(20);
      int gpus = roll < 12 ? 0 : roll < 17 ? 1 : roll < 19 ? 2 : 8;
      long cpu = 1000L * (1 + r.nextInt(4));
      Job job = new Job(new JobId("default", "job-" + j), JobKind.POD, List.of(Task.of("main", 1, 1, demand(cpu, gpus))),
          1, JobQueues.DEFAULT_QUEUE, r.nextInt(3) * 100, null, true, Harness.T0.plusNanos(j), Placement.ANY, null, 0,
          -1, List.of(), Map.of(), "");
      queues.submit(job);
    }
    SchedulerConfig config = SchedulerConfig.defaults().withDefaultMode(PlacementMode.parse(policy, "policy"));
    Scheduler s = new Scheduler(fleet, queues, config, clock);
    StringBuilder all = new StringBuilder();
    CycleResult first = s.runCycle();
    describe(first, all);
    InvariantChecker.assertHolds(fleet, queues);
    List<GangBinding> done = new ArrayList<>(first.bindings());
    for (int i = 0; i < done.size(); i += 3) {
      GangBinding b = done.get(i);
      fleet.expire(b.bindingId());
      queues.running(b.job(), "running");
      queues.succeeded(b.job(), "completed");
    }
    describe(s.runCycle(), all);
    InvariantChecker.assertHolds(fleet, queues);
    assertThat(first.bindings()).hasSizeGreaterThan(1000);
    assertThat(first.pending()).isNotEmpty();
    assertThat(sha256(all)).isEqualTo(digest);
  }

  private static PodDemand demand(long cpu, int gpus) {
    long mem = (cpu / 1000 * 4) << 30;
    Map<String, Long> resources = new LinkedHashMap<>();
    resources.put("cpu", cpu);
    resources.put("memory", mem);
    List<AcceleratorDemand> acc = List.of();
    if (gpus > 0) {
      acc = List.of(AcceleratorDemand.whole(Vendor.NVIDIA, "nvidia.com/gpu", null, gpus));
      resources.put("nvidia.com/gpu", (long) gpus);
    }
    return new PodDemand(cpu, mem, List.of(new ContainerDemand("main", cpu, mem, acc)), DeviceSelector.ANY, null, null,
        resources);
  }

  static void describe(CycleResult r, StringBuilder out) {
    out.append("cycle\n");
    for (GangBinding b : r.bindings()) {
      out.append(b.bindingId()).append(' ').append(b.job()).append(' ').append(b.cluster()).append('\n');
      for (PodPlacement p : b.pods()) {
        out.append("  ").append(p.podName()).append(' ').append(p.node()).append(' ').append(p.assignment()).append('\n');
      }
    }
    for (PendingJob p : r.pending()) {
      out.append(p.job()).append(": ").append(p.message()).append('\n');
    }
    for (Preemption p : r.preemptions()) {
      out.append(p).append('\n');
    }
  }

  static String sha256(CharSequence s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
