package io.argosy.gpu.demand;

import io.argosy.gpu.catalog.Vendor;

/**
 * The resource-name grammar of the device plugins Argosy speaks, parsed by pattern so that names
 * carrying a model ({@code huawei.com/Ascend910B3-memory}, {@code iluvatar.ai/BI-V150.vCore},
 * {@code cambricon.com/mlu370.smlu.vcore}, {@code nvidia.com/mig-3g.20gb}) need no fixed list.
 * Used by the demand parser and the inventory reader alike.
 */
public final class ResourceGrammar {
  private ResourceGrammar() {}

  /** What a resource name means. */
  public enum Role {
    /** Not an accelerator: cpu, memory, pods. */
    CORE,
    /** Devices (or shares) counted: {@code nvidia.com/gpu}, {@code huawei.com/Ascend910B3}. */
    COUNT,
    /** Device memory per device, in {@link Term#memoryUnitMiB} units when written bare. */
    SHARE_MEMORY,
    /** Device memory per device in percent. */
    SHARE_MEMORY_PERCENT,
    /** Compute per device in percent (Ascend npu-core: AI cores). */
    SHARE_CORES,
    /** Instances of a fixed partition profile. */
    PARTITION,
    /** Understood but not scheduled on, e.g. {@code nvidia.com/priority}. */
    IGNORED,
    /** Counted against node allocatable only, as kube-scheduler does. */
    COUNTABLE
  }

  /**
   * One classified resource name.
   *
   * @param group terms of one container with the same group form one demand, e.g. {@code nvidia}
   *     ({@code nvidia.com/gpu} with {@code gpumem}/{@code gpucores}) or {@code iluvatar:BI-V150}
   * @param model chip named in the resource, or null
   * @param profile PARTITION: the profile
   * @param memoryUnitMiB SHARE_MEMORY: MiB per unit of a bare number
   * @param whole COUNT: a whole-device resource that never takes share fields
   * @param impliedCount SHARE_*: the count resource a share written without one belongs to
   */
  public record Term(
      String name,
      Role role,
      Vendor vendor,
      String group,
      String model,
      String profile,
      long memoryUnitMiB,
      boolean whole,
      String impliedCount) {}

  /** Classifies one resource name. Unknown names are COUNTABLE; nothing here throws. */
  public static Term classify(String name) {
    switch (name) {
      case "cpu", "memory", "pods" -> {
        return t(name, Role.CORE, Vendor.OTHER, null);
      }
      default -> {}
    }
    int slash = name.indexOf('/');
    if (slash < 0) {
      return t(name, Role.COUNTABLE, Vendor.OTHER, null); // ephemeral-storage, hugepages-*, storage
    }
    String domain = name.substring(0, slash);
    String rest = name.substring(slash + 1);
    Term t =
        switch (domain) {
          case "nvidia.com" -> nvidia(name, rest);
          case "volcano.sh" -> volcano(name, rest);
          case "huawei.com" -> huawei(name, rest);
          case "iluvatar.ai" -> iluvatar(name, rest);
          case "metax-tech.com" -> metax(name, rest);
          case "cambricon.com" -> cambricon(name, rest);
          default -> null;
        };
    return t != null ? t : t(name, Role.COUNTABLE, Vendor.ofResource(name), null);
  }

  private static Term nvidia(String name, String rest) {
    return switch (rest) {
      case "gpu", "vgpu" -> count(name, Vendor.NVIDIA, "nvidia", null, false);
      case "gpumem" -> memory(name, Vendor.NVIDIA, "nvidia", null, 1, "nvidia.com/gpu");
      case "gpumem-percentage" -> percent(name, Vendor.NVIDIA, "nvidia", null, "nvidia.com/gpu");
      case "gpucores" -> cores(name, Vendor.NVIDIA, "nvidia", null, "nvidia.com/gpu");
      case "priority" -> t(name, Role.IGNORED, Vendor.NVIDIA, "nvidia");
      default -> rest.startsWith("mig-") && rest.length() > 4
          ? partition(name, Vendor.NVIDIA, null, rest.substring(4))
          : null;
    };
  }

  private static Term volcano(String name, String rest) {
    return switch (rest) {
      case "vgpu-number" -> count(name, Vendor.NVIDIA, "volcano-vgpu", null, false);
      case "vgpu-memory" -> memory(name, Vendor.NVIDIA, "volcano-vgpu", null, 1, "volcano.sh/vgpu-number");
      case "vgpu-memory-percentage" -> percent(name, Vendor.NVIDIA, "volcano-vgpu", null, "volcano.sh/vgpu-number");
      case "vgpu-cores" -> cores(name, Vendor.NVIDIA, "volcano-vgpu", null, "volcano.sh/vgpu-number");
      case "gpu-number" -> count(name, Vendor.NVIDIA, "volcano-gpu", null, false);
      case "gpu-memory" -> memory(name, Vendor.NVIDIA, "volcano-gpu", null, 1, "volcano.sh/gpu-number");
      default -> null;
    };
  }

  private static Term huawei(String name, String rest) {
    if (name.equals(AcceleratorDemand.NPU_CORE)) {
      return cores(name, Vendor.HUAWEI, "ascend-dynamic", null, name);
    }
    if (!rest.startsWith("Ascend") || rest.length() <= "Ascend".length()) {
      return null;
    }
    int dash = rest.indexOf('-');
    if (dash < 0) {
      return count(name, Vendor.HUAWEI, "ascend:" + rest, rest, false);
    }
    String chip = rest.substring(0, dash);
    String suffix = rest.substring(dash + 1);
    if (suffix.equals("memory")) {
      return memory(name, Vendor.HUAWEI, "ascend:" + chip, chip, 1, "huawei.com/" + chip);
    }
    if (isVnpuProfile(suffix)) {
      return partition(name, Vendor.HUAWEI, chip, suffix);
    }
    return null;
  }

  /** Static vNPU suffixes: {@code 2c}, {@code 2c.1cpu}, {@code 4c.3cpu.ndvpp}, {@code 16c}. */
  private static boolean isVnpuProfile(String s) {
    int i = 0;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    return i > 0 && i < s.length() && s.charAt(i) == 'c' && (i + 1 == s.length() || s.charAt(i + 1) == '.');
  }

  private static Term iluvatar(String name, String rest) {
    switch (rest) {
      case "gpu" -> {
        return count(name, Vendor.ILUVATAR, "iluvatar-gpu", null, true);
      }
      case "vgpu" -> {
        return count(name, Vendor.ILUVATAR, "iluvatar", null, false);
      }
      case "vcuda-core" -> {
        return cores(name, Vendor.ILUVATAR, "iluvatar", null, "iluvatar.ai/vgpu");
      }
      case "vcuda-memory" -> {
        return memory(name, Vendor.ILUVATAR, "iluvatar", null, 256, "iluvatar.ai/vgpu");
      }
      default -> {}
    }
    if (rest.endsWith("-vgpu") && rest.length() > 5) {
      String chip = rest.substring(0, rest.length() - 5);
      return count(name, Vendor.ILUVATAR, "iluvatar:" + chip, chip, false);
    }
    if (rest.endsWith(".vCore") && rest.length() > 6) {
      String chip = rest.substring(0, rest.length() - 6);
      return cores(name, Vendor.ILUVATAR, "iluvatar:" + chip, chip, "iluvatar.ai/" + chip + "-vgpu");
    }
    if (rest.endsWith(".vMem") && rest.length() > 5) {
      String chip = rest.substring(0, rest.length() - 5);
      return memory(name, Vendor.ILUVATAR, "iluvatar:" + chip, chip, 256, "iluvatar.ai/" + chip + "-vgpu");
    }
    return null;
  }

  private static Term metax(String name, String rest) {
    return switch (rest) {
      case "gpu" -> count(name, Vendor.METAX, "metax-gpu", null, true);
      case "sgpu" -> count(name, Vendor.METAX, "metax-sgpu", null, false);
      case "vcore" -> cores(name, Vendor.METAX, "metax-sgpu", null, "metax-tech.com/sgpu");
      case "vmemory" -> memory(name, Vendor.METAX, "metax-sgpu", null, 1024, "metax-tech.com/sgpu");
      default -> null;
    };
  }

  private static Term cambricon(String name, String rest) {
    switch (rest) {
      case "mlu", "vmlu" -> {
        return count(name, Vendor.CAMBRICON, "cambricon", null, false);
      }
      case "mlu.share" -> {
        return partition(name, Vendor.CAMBRICON, null, "share");
      }
      default -> {}
    }
    if (rest.startsWith("mlu.mim-") && rest.length() > 8) {
      return partition(name, Vendor.CAMBRICON, null, rest.substring(8));
    }
    if (rest.endsWith(".smlu.vcore") || rest.endsWith(".smlu.vmemory")) {
      boolean core = rest.endsWith(".smlu.vcore");
      String chip = rest.substring(0, rest.length() - (core ? ".smlu.vcore".length() : ".smlu.vmemory".length()));
      String model = chip.equals("mlu") ? null : chip;
      return core
          ? cores(name, Vendor.CAMBRICON, "cambricon", model, "cambricon.com/mlu")
          : memory(name, Vendor.CAMBRICON, "cambricon", model, 256, "cambricon.com/mlu");
    }
    return null;
  }

  private static Term t(String name, Role role, Vendor v, String group) {
    return new Term(name, role, v, group, null, null, 0, false, null);
  }

  private static Term count(String name, Vendor v, String group, String model, boolean whole) {
    return new Term(name, Role.COUNT, v, group, model, null, 0, whole, null);
  }

  private static Term memory(String name, Vendor v, String group, String model, long unit, String implied) {
    return new Term(name, Role.SHARE_MEMORY, v, group, model, null, unit, false, implied);
  }

  private static Term percent(String name, Vendor v, String group, String model, String implied) {
    return new Term(name, Role.SHARE_MEMORY_PERCENT, v, group, model, null, 0, false, implied);
  }

  private static Term cores(String name, Vendor v, String group, String model, String implied) {
    return new Term(name, Role.SHARE_CORES, v, group, model, null, 0, false, implied);
  }

  private static Term partition(String name, Vendor v, String model, String profile) {
    return new Term(name, Role.PARTITION, v, null, model, profile, 0, false, null);
  }
}
