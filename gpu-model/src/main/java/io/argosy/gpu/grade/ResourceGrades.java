package io.argosy.gpu.grade;

import io.argosy.gpu.fit.NodeState;
import io.argosy.gpu.inventory.Device;
import io.argosy.gpu.inventory.DeviceMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Resource grades in the manner of Karmada's cluster resource models: each dimension is cut into
 * grades by ascending lower bounds, grade {@code i} covering {@code [min_i, min_{i+1})} and the last
 * grade reaching infinity. {@link #karmadaDefault()} is Karmada's nine default grades over cpu
 * {@code [0,1,2,4,8,16,32,64,128,∞)} cores and memory {@code [0,4Gi,16Gi,32Gi,64Gi,128Gi,256Gi,512Gi,1Ti,∞)}.
 * Argosy adds, per accelerator class ({@code <vendor>/<model>}, e.g. {@code NVIDIA/A100-80GB}), the
 * free whole devices {@code [0,1,2,4,...,128,∞)} and the free share in milli-device
 * {@code [0,1000,2000,...,128000,∞)}.
 *
 * <p>Unlike Karmada, which files a node under one grade (the lowest over its resources), a node is
 * filed under one grade per dimension, so that a CPU-rich node without accelerators is not graded
 * down by its missing GPUs. With only cpu and memory, and a node whose two grades agree, the two
 * approaches count the same.
 *
 * @param dimensions the graded dimensions, cpu (millicores) and memory (bytes) first
 */
public record ResourceGrades(List<Dimension> dimensions) {
  public static final String CPU = "cpu";
  public static final String MEMORY = "memory";
  private static final long GI = 1L << 30;

  /**
   * One graded dimension.
   *
   * @param name {@code cpu}, {@code memory}, {@code <class>/devices} or {@code <class>/milli}
   * @param mins ascending lower bounds, the first 0
   */
  public record Dimension(String name, List<Long> mins) {
    public Dimension {
      mins = List.copyOf(mins);
      if (mins.isEmpty() || mins.get(0) != 0) {
        throw new IllegalArgumentException(name + ": grades must start at 0");
      }
      for (int i = 1; i < mins.size(); i++) {
        if (mins.get(i) <= mins.get(i - 1)) {
          throw new IllegalArgumentException(name + ": grade bounds must ascend");
        }
      }
    }

    /** The grade of a free amount: the last grade whose lower bound it reaches. */
    public int gradeOf(long value) {
      int g = 0;
      for (int i = 1; i < mins.size(); i++) {
        if (value >= mins.get(i)) {
          g = i;
        }
      }
      return g;
    }

    /** The lower bound of a grade: what any node in it surely has. */
    public long min(int grade) {
      return mins.get(grade);
    }
  }

  public ResourceGrades {
    dimensions = List.copyOf(dimensions);
  }

  /** Karmada's default resource models: nine grades of cpu and memory. */
  public static ResourceGrades karmadaDefault() {
    List<Long> cpu = new ArrayList<>();
    cpu.add(0L);
    for (long c = 1; c <= 128; c *= 2) {
      cpu.add(c * 1000);
    }
    List<Long> memory = List.of(0L, 4 * GI, 16 * GI, 32 * GI, 64 * GI, 128 * GI, 256 * GI, 512 * GI, 1024 * GI);
    return new ResourceGrades(List.of(new Dimension(CPU, cpu), new Dimension(MEMORY, memory)));
  }

  /** Karmada's defaults plus the accelerator classes found on these nodes. */
  public static ResourceGrades forNodes(Collection<NodeState> nodes) {
    TreeSet<String> classes = new TreeSet<>();
    for (NodeState n : nodes) {
      for (int i = 0; i < n.deviceCount(); i++) {
        classes.add(classOf(n.device(i)));
      }
    }
    return karmadaDefault().withAccelerators(classes);
  }

  /** These grades with device and milli-device dimensions for each accelerator class. */
  public ResourceGrades withAccelerators(Collection<String> classes) {
    List<Dimension> dims = new ArrayList<>(dimensions);
    List<Long> devices = new ArrayList<>();
    List<Long> milli = new ArrayList<>();
    devices.add(0L);
    milli.add(0L);
    for (long d = 1; d <= 128; d *= 2) {
      devices.add(d);
      milli.add(d * 1000);
    }
    for (String c : new TreeSet<>(classes)) {
      if (index(c + "/devices") < 0) {
        dims.add(new Dimension(c + "/devices", devices));
        dims.add(new Dimension(c + "/milli", milli));
      }
    }
    return new ResourceGrades(dims);
  }

  /** The accelerator class of a device: {@code <vendor>/<model>}. */
  public static String classOf(Device d) {
    return d.vendor().name() + "/" + d.model();
  }

  /** Index of a dimension by name, or -1. */
  public int index(String name) {
    for (int i = 0; i < dimensions.size(); i++) {
      if (dimensions.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The node's free amount in every dimension, in order. */
  public long[] freeAmounts(NodeState node) {
    Map<String, long[]> perClass = new HashMap<>();
    for (int i = 0; i < node.deviceCount(); i++) {
      Device d = node.device(i);
      long[] acc = perClass.computeIfAbsent(classOf(d), k -> new long[2]);
      int milli = node.freeMilli(i);
      boolean wholeCapable = d.mode() == DeviceMode.WHOLE || d.mode() == DeviceMode.SHARE;
      if (wholeCapable && milli == 1000 && node.tasks(i) == 0) {
        acc[0]++;
      }
      acc[1] += milli;
    }
    long[] out = new long[dimensions.size()];
    for (int j = 0; j < out.length; j++) {
      String name = dimensions.get(j).name();
      if (name.equals(CPU)) {
        out[j] = node.freeCpuMilli();
      } else if (name.equals(MEMORY)) {
        out[j] = node.freeMemoryBytes();
      } else {
        int slash = name.lastIndexOf('/');
        long[] acc = perClass.get(name.substring(0, slash));
        out[j] = acc == null ? 0 : name.endsWith("/devices") ? acc[0] : acc[1];
      }
    }
    return out;
  }

  /** Counts nodes per grade vector (Karmada's {@code allocatableModelings}, one grade per dimension). */
  public GradeSummary summarize(Collection<NodeState> nodes) {
    Map<List<Integer>, Integer> counts = new TreeMap<>(GradeSummary.VECTOR_ORDER);
    for (NodeState n : nodes) {
      long[] free = freeAmounts(n);
      List<Integer> vector = new ArrayList<>(free.length);
      for (int j = 0; j < free.length; j++) {
        vector.add(dimensions.get(j).gradeOf(free[j]));
      }
      counts.merge(List.copyOf(vector), 1, Integer::sum);
    }
    return new GradeSummary(this, counts);
  }
}
