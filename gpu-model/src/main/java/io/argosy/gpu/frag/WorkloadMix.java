package io.argosy.gpu.frag;

import io.argosy.gpu.InvalidSpecException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The workload a cluster expects: task classes with normalised popularity. Immutable; build it once
 * and reuse it, since {@link Fragmentation} reads the tables it precomputes.
 *
 * <p>GPU models are passed to the measure as a small int ({@link #modelIndex(String)}) so that the
 * hot path compares ints, not strings. Index 0 stands for every model that no class names: only
 * unrestricted classes can use such a GPU.
 */
public final class WorkloadMix {

  /** A whole GPU in milli-GPU. */
  public static final int WHOLE_GPU = 1000;

  /** Model index of GPUs whose model no class names (and of nodes without GPUs). */
  public static final int OTHER_MODEL = 0;

  private final List<TaskClass> classes;
  private final Map<String, Integer> modelIndex;
  private final ModelTable[] tables;
  private final double cpuPerGpu;

  private WorkloadMix(List<TaskClass> normalised) {
    this.classes = List.copyOf(normalised);
    Set<String> named = new TreeSet<>();
    for (TaskClass c : classes) {
      named.addAll(c.allowedModels());
    }
    Map<String, Integer> idx = new LinkedHashMap<>();
    for (String m : named) {
      idx.put(m, idx.size() + 1);
    }
    this.modelIndex = Map.copyOf(idx);
    this.tables = new ModelTable[named.size() + 1];
    double cpu = 0;
    double gpu = 0;
    for (TaskClass c : classes) {
      if (!c.cpuOnly()) {
        cpu += c.weight() * c.cpuMilli();
        gpu += c.weight() * c.gpuCount() * c.gpuMilliPerGpu();
      }
    }
    this.cpuPerGpu = gpu > 0 ? cpu / gpu : 0;
    tables[OTHER_MODEL] = new ModelTable(classes, null);
    for (Map.Entry<String, Integer> e : idx.entrySet()) {
      tables[e.getValue()] = new ModelTable(classes, e.getKey());
    }
  }

  /**
   * A mix of the given classes; their weights are normalised to sum to 1.
   *
   * @throws InvalidSpecException if the list is empty or all weights are zero
   */
  public static WorkloadMix of(List<TaskClass> classes) {
    if (classes == null || classes.isEmpty()) {
      throw new InvalidSpecException("classes", "a workload mix needs at least one task class");
    }
    double total = 0;
    for (TaskClass c : classes) {
      total += c.weight();
    }
    if (!(total > 0)) {
      throw new InvalidSpecException("classes", "the total weight must be positive");
    }
    List<TaskClass> normalised = new ArrayList<>(classes.size());
    for (TaskClass c : classes) {
      normalised.add(c.withWeight(c.weight() / total));
    }
    return new WorkloadMix(normalised);
  }

  /**
   * The mix estimated from observed tasks, the way the FGD paper picks its "typical pods": tasks
   * with the same demand (CPU, GPU count, share per GPU, allowed models) are one class whose weight
   * is the sum of the observations' weights (use weight 1 to count tasks); classes are taken in
   * decreasing popularity until they cover {@code coverage} of all observations (0.95 in the
   * paper's experiments; 1.0 keeps every class), and the kept weights are renormalised. Ties in
   * popularity keep the larger demand first, so the result does not depend on input order.
   *
   * @param observed observed tasks, e.g. the pods of a trace or the pods seen so far
   * @param coverage share of the observed weight the kept classes must reach, in (0, 1]
   */
  public static WorkloadMix fromObserved(Collection<TaskClass> observed, double coverage) {
    Observer o = observer();
    for (TaskClass t : observed) {
      o.observe(t);
    }
    return o.mix(coverage);
  }

  /** An incremental counter of observed tasks, for a mix that follows the pods seen so far. */
  public static Observer observer() {
    return new Observer();
  }

  /** The classes with normalised weights (summing to 1). */
  public List<TaskClass> classes() {
    return classes;
  }

  /**
   * Millicores a GPU task of this mix needs per milli-GPU, on average weighted by popularity
   * (CPU-only classes left out); 0 when the mix has no GPU class.
   */
  public double cpuPerGpu() {
    return cpuPerGpu;
  }

  /** The int the measure takes for a GPU model; {@link #OTHER_MODEL} for null or unnamed models. */
  public int modelIndex(String model) {
    if (model == null) {
      return OTHER_MODEL;
    }
    Integer i = modelIndex.get(model);
    return i == null ? OTHER_MODEL : i;
  }

  /** Number of distinct model indexes, {@link #OTHER_MODEL} included. */
  public int modelCount() {
    return tables.length;
  }

  ModelTable table(int model) {
    if (model < 0 || model >= tables.length) {
      throw new IllegalArgumentException("model index " + model + " out of range");
    }
    return tables[model];
  }

  @Override
  public String toString() {
    return "WorkloadMix" + classes;
  }

  /** Counts tasks as they are seen; {@link #mix(double)} turns the counts into a mix. */
  public static final class Observer {
    private final Map<Key, double[]> counts = new HashMap<>();
    private double total;

    private record Key(long cpu, int gpus, int milli, Set<String> models) {}

    private Observer() {}

    /** Counts one task of the given demand with weight 1. */
    public Observer observe(long cpuMilli, int gpuCount, int gpuMilliPerGpu, Set<String> models) {
      return observe(new TaskClass(cpuMilli, gpuCount, gpuMilliPerGpu, models, 1.0));
    }

    /** Counts a task with its weight. */
    public Observer observe(TaskClass t) {
      counts.computeIfAbsent(
              new Key(t.cpuMilli(), t.gpuCount(), t.gpuMilliPerGpu(), t.allowedModels()),
              k -> new double[1])[0] +=
          t.weight();
      total += t.weight();
      return this;
    }

    /** Total weight observed so far. */
    public double observedWeight() {
      return total;
    }

    /** See {@link WorkloadMix#fromObserved(Collection, double)}. */
    public WorkloadMix mix(double coverage) {
      if (!(coverage > 0 && coverage <= 1)) {
        throw new InvalidSpecException("coverage", "must be in (0, 1], got " + coverage);
      }
      if (!(total > 0)) {
        throw new InvalidSpecException("observed", "no tasks with positive weight observed");
      }
      List<TaskClass> all = new ArrayList<>(counts.size());
      counts.forEach((k, w) -> all.add(new TaskClass(k.cpu, k.gpus, k.milli, k.models, w[0])));
      all.sort(POPULAR_FIRST);
      List<TaskClass> kept = new ArrayList<>();
      double cum = 0;
      double need = coverage * total;
      for (TaskClass c : all) {
        if (cum >= need && !kept.isEmpty()) {
          break;
        }
        kept.add(c);
        cum += c.weight();
      }
      return WorkloadMix.of(kept);
    }
  }

  private static final Comparator<TaskClass> POPULAR_FIRST =
      Comparator.comparingDouble(TaskClass::weight)
          .thenComparingLong(TaskClass::cpuMilli)
          .thenComparingInt(TaskClass::gpuMilliPerGpu)
          .thenComparingInt(TaskClass::gpuCount)
          .thenComparing(c -> String.join("|", new TreeSet<>(c.allowedModels())))
          .reversed();

  /**
   * The classes one GPU model can serve, grouped for the measure: distinct per-GPU shares
   * ("thresholds", ascending), and per (threshold, GPU count) group the CPU requests ascending with
   * the cumulative weight of classes needing at most that much CPU. CPU-only classes and classes
   * that cannot use this model never count as usable, so they are left out.
   */
  static final class ModelTable {
    final int[] thresholds;
    final int[] groupThreshold; // index into thresholds, ascending
    final int[] groupGpus;
    final int[] groupStart;
    final int[] groupEnd;
    final long[] cpu;
    final double[] cumWeight;

    ModelTable(List<TaskClass> classes, String model) {
      List<TaskClass> usable = new ArrayList<>();
      for (TaskClass c : classes) {
        boolean allowed = model == null ? c.allowedModels().isEmpty() : c.allows(model);
        if (!c.cpuOnly() && allowed && c.weight() > 0) {
          usable.add(c);
        }
      }
      usable.sort(
          Comparator.comparingInt(TaskClass::gpuMilliPerGpu)
              .thenComparingInt(TaskClass::gpuCount)
              .thenComparingLong(TaskClass::cpuMilli));
      thresholds = usable.stream().mapToInt(TaskClass::gpuMilliPerGpu).distinct().toArray();
      int n = usable.size();
      int[] gThr = new int[n];
      int[] gGpus = new int[n];
      int[] gStart = new int[n];
      int[] gEnd = new int[n];
      cpu = new long[n];
      cumWeight = new double[n];
      int groups = 0;
      for (int i = 0; i < n; i++) {
        TaskClass c = usable.get(i);
        boolean newGroup =
            i == 0
                || c.gpuMilliPerGpu() != usable.get(i - 1).gpuMilliPerGpu()
                || c.gpuCount() != usable.get(i - 1).gpuCount();
        if (newGroup) {
          gThr[groups] = Arrays.binarySearch(thresholds, c.gpuMilliPerGpu());
          gGpus[groups] = c.gpuCount();
          gStart[groups] = i;
          groups++;
        }
        gEnd[groups - 1] = i + 1;
        cpu[i] = c.cpuMilli();
        cumWeight[i] = (newGroup ? 0 : cumWeight[i - 1]) + c.weight();
      }
      groupThreshold = Arrays.copyOf(gThr, groups);
      groupGpus = Arrays.copyOf(gGpus, groups);
      groupStart = Arrays.copyOf(gStart, groups);
      groupEnd = Arrays.copyOf(gEnd, groups);
    }

    /** Weight of the group's classes that need at most {@code cpuFree} millicores. */
    double weightWithin(int group, long cpuFree) {
      int lo = groupStart[group];
      int hi = groupEnd[group] - 1;
      if (cpu[lo] > cpuFree) {
        return 0;
      }
      // the last class whose CPU request fits
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (cpu[mid] <= cpuFree) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      return cumWeight[lo];
    }
  }
}
