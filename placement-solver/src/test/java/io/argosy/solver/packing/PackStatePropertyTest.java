package io.argosy.solver.packing;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.gpu.score.Policy;
import io.argosy.solver.model.AcceleratorShape;
import io.argosy.solver.model.ClusterOffer;
import io.argosy.solver.model.DeviceGroup;
import io.argosy.solver.model.GangRequest;
import io.argosy.solver.model.NodeBucket;
import io.argosy.solver.model.PlacementProblem;
import io.argosy.solver.model.PodShape;
import io.argosy.solver.problem.CompiledGang;
import io.argosy.solver.problem.CompiledProblem;
import io.argosy.solver.problem.ProblemCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Accounting invariants of the packing check on random small clusters, and its soundness against a
 * brute-force node-by-node, device-by-device oracle: whatever the packing places really fits.
 */
class PackStatePropertyTest {

  private static final String GPU = "nvidia.com/gpu";
  private static final long GIB = 1L << 30;
  private static final long MEM = 16_000;

  /** A random small cluster and gangs; nodes are listed one by one for the oracle. */
  private record Instance(List<NodeBucket> nodes, List<GangRequest> gangs, boolean shared) {}

  private static Instance instance(long seed) {
    Random r = new Random(seed);
    boolean shared = r.nextBoolean();
    List<NodeBucket> nodes = new ArrayList<>();
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      int devices = 1 + r.nextInt(3);
      DeviceGroup g;
      if (shared) {
        List<Integer> milli = new ArrayList<>();
        List<Long> mem = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
          int m = new int[] {1000, 1000, 700, 500, 300, 0}[r.nextInt(6)];
          milli.add(m);
          // memory free independent of the share free, so either can be the binding one
          mem.add(m == 1000 ? MEM : new long[] {12_000, 8_000, 4_000, 0}[r.nextInt(4)]);
        }
        g = DeviceGroup.shared(GPU, "T4", MEM, milli, mem);
      } else {
        int free = r.nextInt(devices + 1);
        g = DeviceGroup.whole(GPU, "T4", free, devices - free);
      }
      nodes.add(new NodeBucket(1, 2_000L * (2 + r.nextInt(7)), GIB * (4 + r.nextInt(29)), 2 + r.nextInt(3), List.of(g)));
    }
    List<GangRequest> gangs = new ArrayList<>();
    int pods = 0;
    int g = 1 + r.nextInt(3);
    for (int i = 0; i < g && pods < 6; i++) {
      int count = 1 + r.nextInt(Math.min(3, 6 - pods));
      pods += count;
      long cpu = 1_000L * (1 + r.nextInt(6));
      long mem = GIB * (1 + r.nextInt(16));
      double k = r.nextDouble();
      PodShape shape;
      if (k < 0.5) {
        shape = PodShape.of(cpu, mem, AcceleratorShape.whole(GPU, null, 1 + r.nextInt(2)));
      } else if (k < 0.8 && shared) {
        int milli = 100 * (2 + r.nextInt(7));
        shape = PodShape.of(cpu, mem, AcceleratorShape.share(GPU, null, 1, milli, 1_000L * (1 + r.nextInt(12))));
      } else {
        shape = PodShape.of(cpu, mem);
      }
      gangs.add(GangRequest.builder("g" + i).pods(count, shape).cluster("A", 0).build());
    }
    return new Instance(nodes, gangs, shared);
  }

  @Property(tries = 300)
  void everythingThePackingPlacesFitsNodeByNodeAndDeviceByDevice(@ForAll long seed) {
    Instance in = instance(seed);
    CompiledProblem p = compile(in);
    PackState state = p.clusters().get(0).initialState();
    List<PodShape> placedPods = new ArrayList<>();
    for (CompiledGang g : p.gangs()) {
      if (state.placeGang(g.shapes(), g.podCounts(), Policy.BINPACK)) {
        for (var set : g.request().podSets()) {
          for (int i = 0; i < set.count(); i++) {
            placedPods.add(set.shape());
          }
        }
      }
    }
    assertThat(Oracle.fits(in.nodes(), placedPods)).as("oracle agrees the placed pods fit").isTrue();
  }

  @Property(tries = 300)
  void placedGangsAreChargedExactlyAndNothingGoesNegative(@ForAll long seed) {
    Instance in = instance(seed);
    CompiledProblem p = compile(in);
    PackState state = p.clusters().get(0).initialState();
    long cpuBefore = sumCpu(state);
    long gpuBefore = state.gpuFree();
    long cpuPlaced = 0;
    long gpuPlaced = 0;
    for (CompiledGang g : p.gangs()) {
      long gpuFree = state.gpuFree();
      long cpu = sumCpu(state);
      boolean placed = state.placeGang(g.shapes(), g.podCounts(), Policy.BINPACK);
      if (placed) {
        cpuPlaced += g.request().podSets().stream().mapToLong(s -> s.count() * s.shape().cpuMilli()).sum();
        gpuPlaced += g.gpuMilli();
      } else {
        assertThat(state.gpuFree()).as("a gang that does not fit leaves no trace").isEqualTo(gpuFree);
        assertThat(sumCpu(state)).isEqualTo(cpu);
      }
    }
    assertThat(cpuBefore - sumCpu(state)).isEqualTo(cpuPlaced);
    assertThat(gpuBefore - state.gpuFree()).isEqualTo(gpuPlaced);
    for (int i = 0; i < state.size(); i++) {
      NodeView v = state.state(i);
      assertThat(v.cpuMilli()).isNotNegative();
      assertThat(v.memoryBytes()).isNotNegative();
      for (int g = 0; g < v.groupCount(); g++) {
        for (int d = 0; d < v.deviceCount(g); d++) {
          assertThat(v.freeMilli(g, d)).isBetween(0, 1000);
          assertThat(v.freeMemoryMiB(g, d)).isNotNegative();
        }
      }
    }
  }

  private static long sumCpu(PackState s) {
    long sum = 0;
    for (int i = 0; i < s.size(); i++) {
      sum += s.count(i) * s.state(i).cpuMilli();
    }
    return sum;
  }

  private static CompiledProblem compile(Instance in) {
    ClusterOffer c = ClusterOffer.of("A", Policy.BINPACK, 0, in.nodes());
    return ProblemCompiler.compile(PlacementProblem.of(in.gangs(), List.of(c)), PartialNodeFragmentation.INSTANCE);
  }

  /** Exhaustive search over pod → node and share → device assignments. */
  static final class Oracle {

    static boolean fits(List<NodeBucket> nodes, List<PodShape> pods) {
      return assign(nodes, pods, 0, new ArrayList<>(nodes.stream().map(n -> new ArrayList<PodShape>()).toList()));
    }

    private static boolean assign(List<NodeBucket> nodes, List<PodShape> pods, int i, List<List<PodShape>> on) {
      if (i == pods.size()) {
        for (int n = 0; n < nodes.size(); n++) {
          if (!nodeFits(nodes.get(n), on.get(n))) {
            return false;
          }
        }
        return true;
      }
      for (int n = 0; n < nodes.size(); n++) {
        on.get(n).add(pods.get(i));
        boolean ok = assign(nodes, pods, i + 1, on);
        on.get(n).remove(on.get(n).size() - 1);
        if (ok) {
          return true;
        }
      }
      return false;
    }

    private static boolean nodeFits(NodeBucket node, List<PodShape> pods) {
      long cpu = 0;
      long mem = 0;
      int whole = 0;
      List<AcceleratorShape> shares = new ArrayList<>();
      for (PodShape p : pods) {
        cpu += p.cpuMilli();
        mem += p.memoryBytes();
        for (AcceleratorShape a : p.accelerators()) {
          if (a.kind() == io.argosy.gpu.demand.DemandKind.SHARE) {
            shares.add(a);
          } else {
            whole += a.devices();
          }
        }
      }
      if (cpu > node.cpuMilli() || mem > node.memoryBytes() || pods.size() > node.pods()) {
        return false;
      }
      DeviceGroup g = node.devices().get(0);
      int[] milli = g.freeMilli().stream().mapToInt(Integer::intValue).toArray();
      long[] memFree = g.shared() ? g.freeMemoryMiB().stream().mapToLong(Long::longValue).toArray() : new long[milli.length];
      return shares(g, milli, memFree, shares, 0, whole, new boolean[milli.length]);
    }

    /** Each share on some device with room; then enough untouched, wholly free devices for whole units. */
    private static boolean shares(DeviceGroup g, int[] milli, long[] mem, List<AcceleratorShape> shares, int i, int whole, boolean[] touched) {
      if (i == shares.size()) {
        int free = 0;
        for (int d = 0; d < milli.length; d++) {
          if (!touched[d] && milli[d] == 1000 && (!g.shared() || mem[d] == g.memoryMiB())) {
            free++;
          }
        }
        return free >= whole;
      }
      AcceleratorShape a = shares.get(i);
      for (int d = 0; d < milli.length; d++) {
        if (milli[d] >= a.milliPerDevice() && mem[d] >= a.memoryMiBPerDevice()) {
          boolean was = touched[d];
          milli[d] -= a.milliPerDevice();
          mem[d] -= a.memoryMiBPerDevice();
          touched[d] = true;
          boolean ok = shares(g, milli, mem, shares, i + 1, whole, touched);
          milli[d] += a.milliPerDevice();
          mem[d] += a.memoryMiBPerDevice();
          touched[d] = was;
          if (ok) {
            return true;
          }
        }
      }
      return false;
    }
  }
}
