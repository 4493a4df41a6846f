package io.argosy.scheduler.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.queue.job.JobId;
import io.argosy.queue.job.JobState;
import io.argosy.scheduler.cycle.CycleResult;
import io.argosy.scheduler.fleet.BindingRecord;
import io.argosy.scheduler.fleet.GangBinding;
import io.argosy.scheduler.fleet.PlacedGang;
import io.argosy.scheduler.framework.SchedulerConfig;
import io.argosy.scheduler.testing.Harness;
import io.argosy.scheduler.testing.Nodes;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Random fleets (CPU, whole NVIDIA, HAMi vGPU and Ascend nodes, labels, taints, readiness) and random
 * job streams (gangs of one or two tasks, elastic ones, shares, Ascend, priorities, two queues with
 * quota, cluster affinity, division, node selectors), with agents confirming, observing, finishing and
 * rejecting bindings between cycles. After every cycle the invariant checker must find nothing, and
 * the fast path (fit once per node class) must decide exactly what the reference path (every node)
 * decides.
 */
class RandomFleetProperties {

  /** One scenario, fully determined by its seed. */
  static final class Scenario {
    final Random r;
    final List<String> clusters = new ArrayList<>();

    Scenario(long seed) {
      r = new Random(seed);
    }

    void fleet(Harness h) {
      int n = 1 + r.nextInt(3);
      for (int c = 0; c < n; c++) {
        String name = "c" + c;
        clusters.add(name);
        List<Node> nodes = new ArrayList<>();
        int groups = 1 + r.nextInt(3);
        for (int g = 0; g < groups; g++) {
          int count = 1 + r.nextInt(4);
          int kind = r.nextInt(5);
          for (int i = 0; i < count; i++) {
            String node = name + "-g" + g + "-" + i;
            Nodes b = switch (kind) {
              case 0 -> Nodes.node(node).cpu(16 + 16 * r.nextInt(3));
              case 1 -> Nodes.nvidia(node, "NVIDIA-A100-SXM4-80GB", r.nextBoolean() ? 4 : 8);
              case 2 -> Nodes.nvidia(node, "NVIDIA-H100-80GB-HBM3", 8);
              case 3 -> Nodes.hami(node, "Tesla T4", 4, 15360);
              default -> Nodes.ascend(node, "910B3", 8);
            };
            b.label("pool", "p" + g);
            if (r.nextInt(10) == 0) {
              b.notReady();
            }
            if (r.nextInt(8) == 0) {
              b.taint("dedicated", "infer", "NoSchedule");
            }
            nodes.add(b.build());
          }
        }
        List<String> taints = r.nextInt(5) == 0 ? List.of("zone=edge:NoSchedule") : List.of();
        h.cluster(name, Map.of("region", r.nextBoolean() ? "east" : "west"), taints, nodes);
      }
      h.submit("""
          apiVersion: scheduling.k8s.io/v1
          kind: PriorityClass
          metadata: {name: low}
          value: 10
          ---
          apiVersion: scheduling.k8s.io/v1
          kind: PriorityClass
          metadata: {name: high}
          value: 1000
          ---
          apiVersion: scheduling.volcano.sh/v1beta1
          kind: Queue
          metadata: {name: qa}
          spec: {weight: 1, deserved: {nvidia.com/gpu: 12}, capability: {nvidia.com/gpu: 24}}
          ---
          apiVersion: scheduling.volcano.sh/v1beta1
          kind: Queue
          metadata: {name: qb}
          spec: {weight: 1, deserved: {nvidia.com/gpu: 12}}
          ---
          apiVersion: policy.karmada.io/v1alpha1
          kind: PropagationPolicy
          metadata: {name: east, namespace: default}
          spec:
            resourceSelectors:
            - {apiVersion: batch.volcano.sh/v1alpha1, kind: Job, labelSelector: {matchLabels: {want: east}}}
            placement:
              clusterAffinity: {labelSelector: {matchLabels: {region: east}}}
              clusterTolerations: [{key: zone, operator: Exists}]
          ---
          apiVersion: policy.karmada.io/v1alpha1
          kind: PropagationPolicy
          metadata: {name: divide, namespace: default}
          spec:
            resourceSelectors:
            - {apiVersion: batch.volcano.sh/v1alpha1, kind: Job, labelSelector: {matchLabels: {want: divide}}}
            placement:
              replicaScheduling: {replicaSchedulingType: Divided}
          """);
    }

    String jobs(int batch, int count) {
      StringBuilder b = new StringBuilder();
      for (int j = 0; j < count; j++) {
        b.append(job("j" + batch + "-" + j));
      }
      return b.toString();
    }

    private String job(String name) {
      int tasks = 1 + r.nextInt(2);
      StringBuilder ts = new StringBuilder();
      int total = 0;
      for (int t = 0; t < tasks; t++) {
        int replicas = 1 + r.nextInt(4);
        total += replicas;
        String limits = switch (r.nextInt(5)) {
          case 0 -> "cpu: \"" + (1 + r.nextInt(8)) + "\"";
          case 1, 2 -> "nvidia.com/gpu: " + (1 + r.nextInt(4));
          case 3 -> "nvidia.com/gpu: 1, nvidia.com/gpumem: " + (1000 + r.nextInt(14000)) + ", nvidia.com/gpucores: "
              + (10 * (1 + r.nextInt(10)));
          default -> "huawei.com/Ascend910: " + (1 + r.nextInt(8));
        };
        String selector = r.nextInt(6) == 0 ? "nodeSelector: {pool: p0}" : "";
        String tolerations = r.nextInt(4) == 0 ? "tolerations: [{key: dedicated, operator: Exists}]" : "";
        ts.append("""
              - name: t%d
                replicas: %d
                template:
                  spec:
                    %s
                    %s
                    containers: [{name: m, image: x, resources: {requests: {cpu: "1", memory: 1Gi}, limits: {%s}}}]
            """.formatted(t, replicas, selector, tolerations, limits));
      }
      int min = r.nextInt(4) == 0 ? Math.max(1, total - 1 - r.nextInt(2)) : total;
      String want = switch (r.nextInt(6)) {
        case 0 -> "east";
        case 1 -> "divide";
        default -> "none";
      };
      return """
          ---
          apiVersion: batch.volcano.sh/v1alpha1
          kind: Job
          metadata:
            name: %s
            labels: {want: %s}
          spec:
            minAvailable: %d
            queue: %s
            priorityClassName: %s
            tasks:
          %s""".formatted(name, want, min, r.nextBoolean() ? "qa" : "qb", r.nextInt(3) == 0 ? "high" : "low",
          ts.toString().stripTrailing()) + "\n";
    }

    /** Between cycles, what the agents report: some gangs start, some finish, some bindings are rejected. */
    void agents(Harness h, CycleResult last) {
      for (GangBinding b : last.bindings()) {
        String job = b.job().toString();
        int roll = r.nextInt(10);
        if (h.queues.status(b.job()).map(s -> s.state() != JobState.BOUND).orElse(true)) {
          continue;
        }
        if (roll < 6) {
          h.running(job);
        } else if (roll < 8) {
          PlacedGang g = h.fleet.gang(b.job());
          for (BindingRecord rec : g.bindings()) {
            h.fleet.expire(rec.binding().bindingId());
          }
          h.queues.requeue(b.job(), "agent rejected the binding");
        }
      }
      for (PlacedGang g : List.copyOf(h.fleet.gangs())) {
        JobId id = g.job();
        boolean running = h.queues.status(id).map(s -> s.state() == JobState.RUNNING).orElse(false);
        if (running && r.nextInt(3) == 0) {
          h.finish(id.toString());
        }
      }
      h.advance(Duration.ofSeconds(30));
    }
  }

  static List<CycleResult> run(long seed, boolean reference) {
    Harness h = new Harness(Harness.config().withReferencePath(reference));
    Scenario s = new Scenario(seed);
    s.fleet(h);
    List<CycleResult> results = new ArrayList<>();
    int batches = 2 + s.r.nextInt(3);
    for (int batch = 0; batch < batches; batch++) {
      h.submit(s.jobs(batch, 2 + s.r.nextInt(7)));
      CycleResult r = h.cycle(); // runs the invariant checker
      results.add(r);
      s.agents(h, r);
      InvariantChecker.assertHolds(h.fleet, h.queues);
    }
    results.add(h.cycle());
    return results;
  }

  @Property(tries = 40, seed = "4242")
  void invariantsHoldAndClassesDecideLikeAScanOfEveryNode(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
    List<CycleResult> fast = run(seed, false);
    List<CycleResult> reference = run(seed, true);
    assertThat(fast).hasSameSizeAs(reference);
    int bound = fast.stream().mapToInt(r -> r.bindings().size()).sum();
    int evicted = fast.stream().mapToInt(r -> r.preemptions().size()).sum();
    int waiting = fast.get(fast.size() - 1).pending().size();
    Statistics.label("bindings").collect(bound == 0 ? "0" : bound < 10 ? "1-9" : "10+");
    Statistics.label("evictions").collect(evicted > 0 ? "some" : "none");
    Statistics.label("pending at the end").collect(waiting > 0 ? "some" : "none");
    Statistics.label("bindings").coverage(c -> c.check("10+").percentage(p -> p >= 30));
    Statistics.label("evictions").coverage(c -> c.check("some").percentage(p -> p >= 10));
    Statistics.label("pending at the end").coverage(c -> c.check("some").percentage(p -> p >= 30));
    for (int i = 0; i < fast.size(); i++) {
      assertThat(fast.get(i).bindings()).as("cycle %d bindings", i).isEqualTo(reference.get(i).bindings());
      assertThat(fast.get(i).preemptions()).as("cycle %d preemptions", i).isEqualTo(reference.get(i).preemptions());
      assertThat(fast.get(i).pending()).as("cycle %d pending", i).isEqualTo(reference.get(i).pending());
    }
  }
}
