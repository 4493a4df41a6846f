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
import io.argosy.solver.packing.PackState;
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
  /** Smallest GPU worth of one unit among the node groups of each resource. */
  private final Map<Integer, Integer> minUnit = new HashMap<>();

  private ProblemCompiler() {}

  public static CompiledProblem compile(PlacementProblem problem, FragmentationMeasure measure) {
    return new ProblemCompiler().run(problem, measure);
  }

  private CompiledProblem run(PlacementProblem p, FragmentationMeasure measure) {
    if (p.gangs() == null) {
      throw invalid("gangs", "must be given");
    }
    if (p.clusters() == null) {
      throw invalid("clusters", "must be given");
    }
    if (p.budget() == null) {
      throw invalid("budget", "must be given");
    }
    if (!(p.budget().time() != null && p.budget().time().toNanos() > 0)) {
      throw invalid("budget.time", "must be positive");
    }
    if (!(p.budget().unimproved() != null && p.budget().unimproved().toNanos() > 0)) {
      throw invalid("budget.unimproved", "must be positive");
    }
    if (p.budget().moveLimit() < 0) {
      throw invalid("budget.moveLimit", "must not be negative");
    }

    Map<String, Integer> clusterIndex = new LinkedHashMap<>();
    List<CompiledCluster> clusters = new ArrayList<>();
    for (int c = 0; c < p.clusters().size(); c++) {
      ClusterOffer offer = p.clusters().get(c);
      FieldPath f = FieldPath.root("clusters", c);
      if (offer == null) {
        throw invalid(f, "must not be null");
      }
      if (!(offer.name() != null && !offer.name().isBlank())) {
        throw invalid(f.field("name"), "must not be blank");
      }
      if (!(clusterIndex.putIfAbsent(offer.name(), c) == null)) {
        throw invalid(f.field("name"), "duplicate cluster '" + offer.name() + "'");
      }
      clusters.add(compileCluster(c, offer, f, measure));
    }

    Map<String, CompiledQueue> queues = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Long>> e : p.queueQuotas().entrySet()) {
      List<String> keys = new ArrayList<>(e.getValue().keySet());
      keys.sort(Comparator.naturalOrder());
      long[] remaining = new long[keys.size()];
      for (int k = 0; k < keys.size(); k++) {
        Long v = e.getValue().get(keys.get(k));
        if (!(v != null && v >= 0)) {
          throw invalid(FieldPath.root("queueQuotas", e.getKey()).element(keys.get(k)), "must be a non-negative amount");
        }
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
      FieldPath f = FieldPath.root("gangs", i);
      if (g == null) {
        throw invalid(f, "must not be null");
      }
      if (!(g.id() != null && !g.id().isBlank())) {
        throw invalid(f.field("id"), "must not be blank");
      }
      if (!ids.add(g.id())) {
        throw invalid(f.field("id"), "duplicate gang '" + g.id() + "'");
      }
      if (!(g.job() != null && !g.job().isBlank())) {
        throw invalid(f.field("job"), "must not be blank");
      }
      if (!(g.queue() != null && !g.queue().isBlank())) {
        throw invalid(f.field("queue"), "must not be blank");
      }
      if (!(g.weight() >= 1)) {
        throw invalid(f.field("weight"), "must be at least 1, got " + g.weight());
      }
      if (g.podSets().isEmpty()) {
        throw invalid(f.field("podSets"), "must list at least one pod set");
      }
      for (int s = 0; s < g.spread().size(); s++) {
        checkSpread(g.spread().get(s), f.index("spread", s));
      }
      int parts = jobParts.merge(g.job(), 1, Integer::sum);
      CompiledJob job = jobs.computeIfAbsent(g.job(), id -> new CompiledJob(id, g.spread()));
      if (parts > 1) {
        if (!g.divisible()) {
          throw invalid(f.field("divisible"), "job '" + g.job() + "' has several parts, so each part must be divisible");
        }
        if (!(job.spread().equals(g.spread()))) {
          throw invalid(f.field("spread"), "must equal the spread of the other parts of job '" + g.job() + "'");
        }
      }
      CompiledQueue queue = queues.computeIfAbsent(g.queue(), q -> new CompiledQueue(q, new String[0], new long[0]));
      gangs.add(compileGang(i, g, f, job, queue, clusterIndex, clusters));
    }
    for (int i = 0; i < p.gangs().size(); i++) {
      GangRequest g = p.gangs().get(i);
      if (g.divisible() || jobParts.get(g.job()) == 1) {
        continue;
      }
      throw invalid(FieldPath.root("gangs", i).field("divisible"), "job '" + g.job() + "' has several parts, so each part must be divisible");
    }
    return new CompiledProblem(p, gangs, clusters, List.copyOf(queues.values()), List.copyOf(jobs.values()), measure);
  }

  private CompiledCluster compileCluster(int index, ClusterOffer offer, FieldPath f, FragmentationMeasure measure) {
    if (!(offer.gpuUsedMilli() >= 0)) {
      throw invalid(f.field("gpuUsedMilli"), "must not be negative");
    }
    if (offer.nodes() == null) {
      throw invalid(f.field("nodes"), "must be given");
    }
    List<NodeState> states = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    Map<NodeState, Integer> seen = new HashMap<>();
    long free = 0;
    long frag = 0;
    for (int b = 0; b < offer.nodes().size(); b++) {
      NodeBucket bucket = offer.nodes().get(b);
      FieldPath bf = f.index("nodes", b);
      if (!(bucket.count() >= 0)) {
        throw invalid(bf.field("count"), "must not be negative");
      }
      if (!(bucket.cpuMilli() >= 0)) {
        throw invalid(bf.field("cpuMilli"), "must not be negative");
      }
      if (!(bucket.memoryBytes() >= 0)) {
        throw invalid(bf.field("memoryBytes"), "must not be negative");
      }
      if (!(bucket.pods() >= 0)) {
        throw invalid(bf.field("pods"), "must not be negative");
      }
      if (bucket.count() == 0) {
        continue;
      }
      NodeState s = compileNode(bucket, bf);
      Integer at = seen.putIfAbsent(s, states.size());
      if (at != null) {
        counts.set(at, counts.get(at) + bucket.count());
      } else {
        states.add(s);
        counts.add(bucket.count());
      }
      free += bucket.count() * s.gpuFreeMilli();
      frag += bucket.count() * measure.fragmentedMilli(s);
    }
    Policy policy = offer.policy() == null ? Policy.BINPACK : offer.policy();
    NodeState[] stateArray = states.toArray(NodeState[]::new);
    int[] countArray = counts.stream().mapToInt(Integer::intValue).toArray();
    return new CompiledCluster(
        index, offer, policy, stateArray, countArray, offer.gpuUsedMilli(), free, frag, measure,
        new PackState(stateArray, countArray));
  }

  private NodeState compileNode(NodeBucket bucket, FieldPath f) {
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
      FieldPath gf = f.index("devices", g);
      if (!(d.resource() != null && !d.resource().isBlank())) {
        throw invalid(gf.field("resource"), "must not be blank");
      }
      if (!(d.gpuMilliPerUnit() >= 0 && d.gpuMilliPerUnit() <= 1000)) {
        throw invalid(gf.field("gpuMilliPerUnit"), "must be within 0..1000");
      }
      for (int k = 0; k < d.freeMilli().size(); k++) {
        Integer m = d.freeMilli().get(k);
        if (!(m != null && m >= 0 && m <= 1000)) {
          throw invalid(gf.index("freeMilli", k), "must be within 0..1000");
        }
      }
      if (d.shared()) {
        if (!(d.memoryMiB() > 0)) {
          throw invalid(gf.field("memoryMiB"), "must be positive for a shared group");
        }
        if (!(d.freeMemoryMiB().size() == d.freeMilli().size())) {
          throw invalid(gf.field("freeMemoryMiB"), "must list one amount per device (" + d.freeMilli().size() + "), got " + d.freeMemoryMiB().size());
        }
        for (int k = 0; k < d.freeMemoryMiB().size(); k++) {
          Long m = d.freeMemoryMiB().get(k);
          if (!(m != null && m >= 0 && m <= d.memoryMiB())) {
            throw invalid(gf.index("freeMemoryMiB", k), "must be within 0.." + d.memoryMiB());
          }
        }
      } else {
        if (!d.freeMemoryMiB().isEmpty()) {
          throw invalid(gf.field("freeMemoryMiB"), "is only for shared groups");
        }
      }
      resource[g] = d.resource();
      model[g] = d.model();
      resourceId[g] = resourceId(d.resource());
      modelId[g] = d.model() == null ? -2 : modelId(d.model());
      shared[g] = d.shared();
      memoryMiB[g] = d.shared() ? d.memoryMiB() : 0;
      unitGpu[g] = d.gpuMilliPerUnit();
      minUnit.merge(resourceId[g], d.gpuMilliPerUnit(), Math::min);
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
      int index, GangRequest g, FieldPath f, CompiledJob job, CompiledQueue queue,
      Map<String, Integer> clusterIndex, List<CompiledCluster> clusters) {
    List<PodSet> sets = new ArrayList<>(g.podSets());
    List<PodDemandShape> shapes = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    long gpu = 0;
    int pods = 0;
    long mask = 0;
    for (int s = 0; s < sets.size(); s++) {
      PodSet set = sets.get(s);
      FieldPath sf = f.index("podSets", s);
      if (!(set != null && set.shape() != null)) {
        throw invalid(sf, "must give a count and a shape");
      }
      if (!(set.count() >= 1)) {
        throw invalid(sf.field("count"), "must be at least 1, got " + set.count());
      }
      if (!(set.shape().cpuMilli() >= 0)) {
        throw invalid(sf.field("shape").field("cpuMilli"), "must not be negative");
      }
      if (!(set.shape().memoryBytes() >= 0)) {
        throw invalid(sf.field("shape").field("memoryBytes"), "must not be negative");
      }
      List<AcceleratorShape> accs = set.shape().accelerators();
      PodDemandShape.Acc[] compiled = new PodDemandShape.Acc[accs.size()];
      long minNodeGpu = 0;
      for (int a = 0; a < accs.size(); a++) {
        AcceleratorShape acc = accs.get(a);
        FieldPath af = sf.field("shape").index("accelerators", a);
        if (!(acc.resource() != null && !acc.resource().isBlank())) {
          throw invalid(af.field("resource"), "must not be blank");
        }
        if (acc.kind() == null) {
          throw invalid(af.field("kind"), "must be given");
        }
        if (!(acc.devices() >= 1)) {
          throw invalid(af.field("devices"), "must be at least 1, got " + acc.devices());
        }
        if (acc.kind() == DemandKind.SHARE) {
          if (!(acc.milliPerDevice() >= 0 && acc.milliPerDevice() <= 1000)) {
            throw invalid(af.field("milliPerDevice"), "must be within 0..1000");
          }
          if (!(acc.memoryMiBPerDevice() >= 0)) {
            throw invalid(af.field("memoryMiBPerDevice"), "must not be negative");
          }
        } else {
          if (!(acc.milliPerDevice() == 1000)) {
            throw invalid(af.field("milliPerDevice"), "must be 1000 for " + acc.kind() + " requests");
          }
        }
        if (!(acc.gpuMilliPerUnit() >= 0 && acc.gpuMilliPerUnit() <= 1000)) {
          throw invalid(af.field("gpuMilliPerUnit"), "must be within 0..1000");
        }
        int rid = resourceId(acc.resource());
        minNodeGpu += (long) acc.devices() * acc.milliPerDevice() * minUnit.getOrDefault(rid, 0) / 1000;
        mask |= 1L << (rid & 63);
        compiled[a] = new PodDemandShape.Acc(
            rid, acc.model() == null ? -1 : modelId(acc.model()), acc.kind() == DemandKind.SHARE,
            acc.devices(), acc.milliPerDevice(), acc.memoryMiBPerDevice());
      }
      PodDemandShape shape = new PodDemandShape(
          set.shape().cpuMilli(), set.shape().memoryBytes(), compiled, set.shape().gpuMilli(), minNodeGpu);
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
      if (c == null) {
        throw invalid(f.key("clusterRanks", e.getKey()), "unknown cluster");
      }
      if (!(e.getValue() != null && e.getValue() >= 0)) {
        throw invalid(f.key("clusterRanks", e.getKey()), "rank must not be negative");
      }
      ranks[c] = e.getValue();
    }
    boolean[] tolerated = new boolean[clusters.size()];
    for (int c = 0; c < clusters.size(); c++) {
      tolerated[c] = Toleration.toleratesAll(g.tolerations(), clusters.get(c).offer().taints());
    }
    long[] usage = new long[queue.keys().length];
    for (Map.Entry<String, Long> e : g.quota().entrySet()) {
      if (!(e.getValue() != null && e.getValue() >= 0)) {
        throw invalid(f.key("quota", e.getKey()), "must be a non-negative amount");
      }
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

  private static void checkSpread(SpreadConstraint s, FieldPath f) {
    if (s == null) {
      throw invalid(f, "must not be null");
    }
    if (!(s.spreadByField() != null && SPREAD_FIELDS.contains(s.spreadByField()))) {
      throw invalid(f.field("spreadByField"), "must be one of cluster, region, zone, provider");
    }
    if (!(s.minGroups() >= 0)) {
      throw invalid(f.field("minGroups"), "must not be negative");
    }
    if (!(s.maxGroups() >= 0)) {
      throw invalid(f.field("maxGroups"), "must not be negative");
    }
    if (!(s.maxGroups() == 0 || s.minGroups() <= s.maxGroups())) {
      throw invalid(f.field("maxGroups"), "must not be below minGroups");
    }
  }

  private int resourceId(String resource) {
    return resourceIds.computeIfAbsent(resource, r -> resourceIds.size());
  }

  private int modelId(String model) {
    return modelIds.computeIfAbsent(model.toLowerCase(Locale.ROOT), m -> modelIds.size());
  }

  private static InvalidSpecException invalid(Object field, String reason) {
    return new InvalidSpecException(field.toString(), reason);
  }
}
