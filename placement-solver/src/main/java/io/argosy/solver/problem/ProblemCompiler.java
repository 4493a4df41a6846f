package io.argosy.solver.problem;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.demand.DemandKind;
import io.argosy.gpu.score.Policy;
import io.argosy.solver.model.AcceleratorShape;
import io.argosy.solver.model.ClusterOffer;
import io.argosy.solver.model.DeviceGroup;
import io.argosy.solver.model.GangRequest;
import io.argosy.solver.model.NodeBucket;
import io.argosy.solver.model.PlacementProblem;
import io.argosy.solver.model.PodSet;
import io.argosy.solver.model.SpreadConstraint;
import io.argosy.solver.model.Toleration;
import io.argosy.solver.packing.FragmentationMeasure;
import io.argosy.solver.packing.NodeLayout;
import io.argosy.solver.packing.NodeState;
import io.argosy.solver.packing.PodDemandShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Validates a {@link PlacementProblem} and compiles it for packing. Every rejection names the field
 * path, e.g. {@code gangs[3].podSets[0].shape.accelerators[0].devices: must be at least 1}.
 */
public final class ProblemCompiler {

  private static final Set<String> SPREAD_FIELDS = Set.of("cluster", "region", "zone", "provider");

  private final Map<String, Integer> resourceIds = new HashMap<>();
  private final Map<String, Integer> modelIds = new HashMap<>();
  private final Map<Object, NodeLayout> layouts = new HashMap<>();

  private ProblemCompiler() {}

  public static CompiledProblem compile(PlacementProblem problem, FragmentationMeasure measure) {
    return new ProblemCompiler().run(problem, measure);
  }

  private CompiledProblem run(PlacementProblem p, FragmentationMeasure measure) {
    check(p.gangs() != null, "gangs", "must be given");
    check(p.clusters() != null, "clusters", "must be given");
    check(p.budget() != null, "budget", "must be given");
    check(p.budget().time() != null && p.budget().time().toNanos() > 0, "budget.time", "must be positive");
    check(p.budget().unimproved() != null && p.budget().unimproved().toNanos() > 0, "budget.unimproved", "must be positive");
    check(p.budget().stepLimit() >= 0, "budget.stepLimit", "must not be negative");

    Map<String, Integer> clusterIndex = new LinkedHashMap<>();
    List<CompiledCluster> clusters = new ArrayList<>();
    for (int c = 0; c < p.clusters().size(); c++) {
      ClusterOffer offer = p.clusters().get(c);
      String f = "clusters[" + c + "]";
      check(offer != null, f, "must not be null");
      check(offer.name() != null && !offer.name().isBlank(), f + ".name", "must not be blank");
      check(clusterIndex.putIfAbsent(offer.name(), c) == null, f + ".name", "duplicate cluster '" + offer.name() + "'");
      clusters.add(compileCluster(c, offer, f, measure));
    }

    Map<String, CompiledQueue> queues = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Long>> e : p.queueQuotas().entrySet()) {
      String f = "queueQuotas[" + e.getKey() + "]";
      List<String> keys = new ArrayList<>(e.getValue().keySet());
      keys.sort(Comparator.naturalOrder());
      long[] remaining = new long[keys.size()];
      for (int k = 0; k < keys.size(); k++) {
        Long v = e.getValue().get(keys.get(k));
        check(v != null && v >= 0, f + "[" + keys.get(k) + "]", "must be a non-negative amount");
        remaining[k] = v;
      }
      queues.put(e.getKey(), new CompiledQueue(e.getKey(), keys.toArray(String[]::new), remaining));
    }

    Map<String, CompiledJob> jobs = new LinkedHashMap<>();
    Map<String, Integer> jobParts = new HashMap<>();
    Set<String> ids = new HashSet<>();
    List<CompiledGang> gangs = new ArrayList<>();
    for (int i = 0; i < p.gangs().size(); i++) {
      GangRequest g = p.gangs().get(i);
      String f = "gangs[" + i + "]";
      check(g != null, f, "must not be null");
      check(g.id() != null && !g.id().isBlank(), f + ".id", "must not be blank");
      check(ids.add(g.id()), f + ".id", "duplicate gang '" + g.id() + "'");
      check(g.job() != null && !g.job().isBlank(), f + ".job", "must not be blank");
      check(g.queue() != null && !g.queue().isBlank(), f + ".queue", "must not be blank");
      check(g.weight() >= 1, f + ".weight", "must be at least 1, got " + g.weight());
      check(!g.podSets().isEmpty(), f + ".podSets", "must list at least one pod set");
      for (int s = 0; s < g.spread().size(); s++) {
        checkSpread(g.spread().get(s), f + ".spread[" + s + "]");
      }
      int parts = jobParts.merge(g.job(), 1, Integer::sum);
      CompiledJob job = jobs.computeIfAbsent(g.job(), id -> new CompiledJob(id, g.spread()));
      if (parts > 1) {
        check(g.divisible(), f + ".divisible", "job '" + g.job() + "' has several parts, so each part must be divisible");
        check(job.spread().equals(g.spread()), f + ".spread", "must equal the spread of the other parts of job '" + g.job() + "'");
      }
      CompiledQueue queue = queues.computeIfAbsent(g.queue(), q -> new CompiledQueue(q, new String[0], new long[0]));
      gangs.add(compileGang(i, g, f, job, queue, clusterIndex, clusters));
    }
    for (int i = 0; i < p.gangs().size(); i++) {
      GangRequest g = p.gangs().get(i);
      if (g.divisible() || jobParts.get(g.job()) == 1) {
        continue;
      }
      check(false, "gangs[" + i + "].divisible", "job '" + g.job() + "' has several parts, so each part must be divisible");
    }
    return new CompiledProblem(p, gangs, clusters, List.copyOf(queues.values()), List.copyOf(jobs.values()), measure);
  }

  private CompiledCluster compileCluster(int index, ClusterOffer offer, String f, FragmentationMeasure measure) {
    check(offer.gpuUsedMilli() >= 0, f + ".gpuUsedMilli", "must not be negative");
    check(offer.nodes() != null, f + ".nodes", "must be given");
    List<NodeState> states = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    long free = 0;
    long frag = 0;
    for (int b = 0; b < offer.nodes().size(); b++) {
      NodeBucket bucket = offer.nodes().get(b);
      String bf = f + ".nodes[" + b + "]";
      check(bucket.count() >= 0, bf + ".count", "must not be negative");
      check(bucket.cpuMilli() >= 0, bf + ".cpuMilli", "must not be negative");
      check(bucket.memoryBytes() >= 0, bf + ".memoryBytes", "must not be negative");
      check(bucket.pods() >= 0, bf + ".pods", "must not be negative");
      if (bucket.count() == 0) {
        continue;
      }
      NodeState s = compileNode(bucket, bf);
      int at = states.indexOf(s);
      if (at >= 0) {
        counts.set(at, counts.get(at) + bucket.count());
      } else {
        states.add(s);
        counts.add(bucket.count());
      }
      free += bucket.count() * s.gpuFreeMilli();
      frag += bucket.count() * measure.fragmentedMilli(s);
    }
    Policy policy = offer.policy() == null ? Policy.BINPACK : offer.policy();
    return new CompiledCluster(
        index, offer, policy, states.toArray(NodeState[]::new),
        counts.stream().mapToInt(Integer::intValue).toArray(), offer.gpuUsedMilli(), free, frag, measure);
  }

  private NodeState compileNode(NodeBucket bucket, String f) {
    int groups = bucket.devices().size();
    String[] resource = new String[groups];
    String[] model = new String[groups];
    int[] resourceId = new int[groups];
    int[] modelId = new int[groups];
    boolean[] shared = new boolean[groups];
    long[] memoryMiB = new long[groups];
    int[] unitGpu = new int[groups];
    int[] size = new int[groups];
    int devices = 0;
    boolean anyShared = false;
    for (int g = 0; g < groups; g++) {
      DeviceGroup d = bucket.devices().get(g);
      String gf = f + ".devices[" + g + "]";
      check(d.resource() != null && !d.resource().isBlank(), gf + ".resource", "must not be blank");
      check(d.gpuMilliPerUnit() >= 0 && d.gpuMilliPerUnit() <= 1000, gf + ".gpuMilliPerUnit", "must be within 0..1000");
      for (int k = 0; k < d.freeMilli().size(); k++) {
        Integer m = d.freeMilli().get(k);
        check(m != null && m >= 0 && m <= 1000, gf + ".freeMilli[" + k + "]", "must be within 0..1000");
      }
      if (d.shared()) {
        check(d.memoryMiB() > 0, gf + ".memoryMiB", "must be positive for a shared group");
        check(d.freeMemoryMiB().size() == d.freeMilli().size(), gf + ".freeMemoryMiB",
            "must list one amount per device (" + d.freeMilli().size() + "), got " + d.freeMemoryMiB().size());
        for (int k = 0; k < d.freeMemoryMiB().size(); k++) {
          Long m = d.freeMemoryMiB().get(k);
          check(m != null && m >= 0 && m <= d.memoryMiB(), gf + ".freeMemoryMiB[" + k + "]", "must be within 0.." + d.memoryMiB());
        }
      } else {
        check(d.freeMemoryMiB().isEmpty(), gf + ".freeMemoryMiB", "is only for shared groups");
      }
      resource[g] = d.resource();
      model[g] = d.model();
      resourceId[g] = resourceId(d.resource());
      modelId[g] = d.model() == null ? -2 : modelId(d.model());
      shared[g] = d.shared();
      memoryMiB[g] = d.shared() ? d.memoryMiB() : 0;
      unitGpu[g] = d.gpuMilliPerUnit();
      size[g] = d.freeMilli().size();
      devices += size[g];
      anyShared |= d.shared();
    }
    NodeLayout fresh = new NodeLayout(resource, model, resourceId, modelId, shared, memoryMiB, unitGpu, size);
    NodeLayout layout = layouts.computeIfAbsent(fresh.key(), k -> fresh);
    int[] milli = new int[devices];
    long[] memFree = anyShared ? new long[devices] : null;
    int at = 0;
    for (DeviceGroup d : bucket.devices()) {
      for (int k = 0; k < d.freeMilli().size(); k++) {
        milli[at] = d.freeMilli().get(k);
        if (memFree != null && d.shared()) {
          memFree[at] = d.freeMemoryMiB().get(k);
        }
        at++;
      }
    }
    return new NodeState(layout, bucket.cpuMilli(), bucket.memoryBytes(), bucket.pods(), milli, memFree);
  }

  private CompiledGang compileGang(
      int index, GangRequest g, String f, CompiledJob job, CompiledQueue queue,
      Map<String, Integer> clusterIndex, List<CompiledCluster> clusters) {
    List<PodSet> sets = new ArrayList<>(g.podSets());
    List<PodDemandShape> shapes = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    long gpu = 0;
    int pods = 0;
    long mask = 0;
    for (int s = 0; s < sets.size(); s++) {
      PodSet set = sets.get(s);
      String sf = f + ".podSets[" + s + "]";
      check(set != null && set.shape() != null, sf, "must give a count and a shape");
      check(set.count() >= 1, sf + ".count", "must be at least 1, got " + set.count());
      check(set.shape().cpuMilli() >= 0, sf + ".shape.cpuMilli", "must not be negative");
      check(set.shape().memoryBytes() >= 0, sf + ".shape.memoryBytes", "must not be negative");
      List<AcceleratorShape> accs = set.shape().accelerators();
      PodDemandShape.Acc[] compiled = new PodDemandShape.Acc[accs.size()];
      for (int a = 0; a < accs.size(); a++) {
        AcceleratorShape acc = accs.get(a);
        String af = sf + ".shape.accelerators[" + a + "]";
        check(acc.resource() != null && !acc.resource().isBlank(), af + ".resource", "must not be blank");
        check(acc.kind() != null, af + ".kind", "must be given");
        check(acc.devices() >= 1, af + ".devices", "must be at least 1, got " + acc.devices());
        if (acc.kind() == DemandKind.SHARE) {
          check(acc.milliPerDevice() >= 0 && acc.milliPerDevice() <= 1000, af + ".milliPerDevice", "must be within 0..1000");
          check(acc.memoryMiBPerDevice() >= 0, af + ".memoryMiBPerDevice", "must not be negative");
        } else {
          check(acc.milliPerDevice() == 1000, af + ".milliPerDevice", "must be 1000 for " + acc.kind() + " requests");
        }
        check(acc.gpuMilliPerUnit() >= 0 && acc.gpuMilliPerUnit() <= 1000, af + ".gpuMilliPerUnit", "must be within 0..1000");
        int rid = resourceId(acc.resource());
        mask |= 1L << (rid & 63);
        compiled[a] = new PodDemandShape.Acc(
            rid, acc.model() == null ? -1 : modelId(acc.model()), acc.kind() == DemandKind.SHARE,
            acc.devices(), acc.milliPerDevice(), acc.memoryMiBPerDevice());
      }
      PodDemandShape shape = new PodDemandShape(
          set.shape().cpuMilli(), set.shape().memoryBytes(), compiled, set.shape().gpuMilli());
      int at = indexOfEqual(shapes, shape);
      if (at >= 0) {
        counts.set(at, counts.get(at) + set.count());
      } else {
        shapes.add(shape);
        counts.add(set.count());
      }
      gpu += set.gpuMilli();
      pods += set.count();
    }
    // largest pods first inside the gang: first-fit decreasing
    Integer[] order = new Integer[shapes.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.<Integer>comparingLong(i -> -shapes.get(i).gpuMilli())
        .thenComparingLong(i -> -shapes.get(i).cpuMilli())
        .thenComparingLong(i -> -shapes.get(i).memoryBytes()));
    PodDemandShape[] sortedShapes = new PodDemandShape[order.length];
    int[] sortedCounts = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      sortedShapes[i] = shapes.get(order[i]);
      sortedCounts[i] = counts.get(order[i]);
    }

    int[] ranks = new int[clusters.size()];
    Arrays.fill(ranks, -1);
    for (Map.Entry<String, Integer> e : g.clusterRanks().entrySet()) {
      Integer c = clusterIndex.get(e.getKey());
      check(c != null, f + ".clusterRanks[" + e.getKey() + "]", "unknown cluster");
      check(e.getValue() != null && e.getValue() >= 0, f + ".clusterRanks[" + e.getKey() + "]", "rank must not be negative");
      ranks[c] = e.getValue();
    }
    boolean[] tolerated = new boolean[clusters.size()];
    for (int c = 0; c < clusters.size(); c++) {
      tolerated[c] = Toleration.toleratesAll(g.tolerations(), clusters.get(c).offer().taints());
    }
    long[] usage = new long[queue.keys().length];
    for (Map.Entry<String, Long> e : g.quota().entrySet()) {
      check(e.getValue() != null && e.getValue() >= 0, f + ".quota[" + e.getKey() + "]", "must be a non-negative amount");
      int k = Arrays.asList(queue.keys()).indexOf(e.getKey());
      if (k >= 0) {
        usage[k] = e.getValue();
      }
    }
    return new CompiledGang(
        index, g, job, queue, sortedShapes, sortedCounts, pods, gpu, g.weight() * gpu, ranks, tolerated, usage, mask);
  }

  private static int indexOfEqual(List<PodDemandShape> shapes, PodDemandShape s) {
    for (int i = 0; i < shapes.size(); i++) {
      PodDemandShape o = shapes.get(i);
      if (o.cpuMilli() == s.cpuMilli() && o.memoryBytes() == s.memoryBytes() && Arrays.equals(o.accelerators(), s.accelerators())) {
        return i;
      }
    }
    return -1;
  }

  private static void checkSpread(SpreadConstraint s, String f) {
    check(s != null, f, "must not be null");
    check(s.spreadByField() != null && SPREAD_FIELDS.contains(s.spreadByField()), f + ".spreadByField",
        "must be one of cluster, region, zone, provider");
    check(s.minGroups() >= 0, f + ".minGroups", "must not be negative");
    check(s.maxGroups() >= 0, f + ".maxGroups", "must not be negative");
    check(s.maxGroups() == 0 || s.minGroups() <= s.maxGroups(), f + ".maxGroups", "must not be below minGroups");
  }

  private int resourceId(String resource) {
    return resourceIds.computeIfAbsent(resource, r -> resourceIds.size());
  }

  private int modelId(String model) {
    return modelIds.computeIfAbsent(model.toLowerCase(Locale.ROOT), m -> modelIds.size());
  }

  private static void check(boolean ok, String field, String reason) {
    if (!ok) {
      throw new InvalidSpecException(field, reason);
    }
  }
}
