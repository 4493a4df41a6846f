package io.argosy.agent.sim;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the simulated device plugins know about the hardware they publish: product strings,
 * memory, and the partition profiles a device can be cut into. Partition slices follow the
 * vendors' own rules (MIG: 7 compute and 8 memory slices; Ascend vNPU: AI cores; MIM: 12 units on an MLU370-X8).
 * Memory figures are nominal ({@code <n>gb} = n × 1024 MiB), as gpu-model's catalog has them.
 */
public final class SimHardware {

  /** One partition profile: compute and memory slices it takes, and its memory. */
  public record Profile(String name, int computeSlices, int memorySlices, long memoryMiB) {}

  /**
   * One model.
   *
   * @param name model name as written in fleet files
   * @param vendor fleet-file vendor word
   * @param product what the plugin publishes as the product (GFD {@code nvidia.com/gpu.product})
   * @param hamiType the HAMi register type string
   * @param memoryMiB device memory
   * @param family GFD {@code nvidia.com/gpu.family}, or the chip family
   * @param computeSlices slices a partitionable device has (MIG 7, Ascend AI cores, MIM 4), else 0
   * @param memorySlices memory slices (MIG 8, others equal to compute slices)
   * @param profiles partition profiles
   * @param layouts named layouts of one device (mig-parted's {@code all-balanced})
   */
  public record Model(
      String name,
      String vendor,
      String product,
      String hamiType,
      long memoryMiB,
      String family,
      int computeSlices,
      int memorySlices,
      List<Profile> profiles,
      Map<String, List<String>> layouts) {

    public Optional<Profile> profile(String p) {
      return profiles.stream().filter(x -> x.name().equalsIgnoreCase(p)).findFirst();
    }
  }

  private static final List<Profile> MIG_80GB =
      List.of(
          new Profile("1g.10gb", 1, 1, 10240),
          new Profile("1g.20gb", 1, 2, 20480),
          new Profile("2g.20gb", 2, 2, 20480),
          new Profile("3g.40gb", 3, 4, 40960),
          new Profile("4g.40gb", 4, 4, 40960),
          new Profile("7g.80gb", 7, 8, 81920));
  private static final List<Profile> MIG_40GB =
      List.of(
          new Profile("1g.5gb", 1, 1, 5120),
          new Profile("1g.10gb", 1, 2, 10240),
          new Profile("2g.10gb", 2, 2, 10240),
          new Profile("3g.20gb", 3, 4, 20480),
          new Profile("4g.20gb", 4, 4, 20480),
          new Profile("7g.40gb", 7, 8, 40960));
  private static final List<Profile> VNPU_310P =
      List.of(
          new Profile("1c", 1, 1, 3072),
          new Profile("2c", 2, 2, 6144),
          new Profile("4c", 4, 4, 12288),
          new Profile("2c.1cpu", 2, 2, 6144),
          new Profile("4c.3cpu", 4, 4, 12288));
  private static final List<Profile> VNPU_910 =
      List.of(
          new Profile("2c", 2, 2, 2048),
          new Profile("4c", 4, 4, 4096),
          new Profile("8c", 8, 8, 8192),
          new Profile("16c", 16, 16, 16384));
  private static final List<Profile> MIM_370 =
      List.of(new Profile("1m.4gb", 1, 1, 4096), new Profile("2m.8gb", 2, 2, 8192), new Profile("3m.12gb", 3, 3, 12288), new Profile("6m.24gb", 6, 6, 24576));

  private static final List<Model> MODELS =
      List.of(
          new Model("A100-80GB", "nvidia", "NVIDIA-A100-SXM4-80GB", "NVIDIA-NVIDIA A100-SXM4-80GB", 81920, "ampere", 7, 8,
              MIG_80GB, Map.of("all-balanced", List.of("1g.10gb", "1g.10gb", "2g.20gb", "3g.40gb"))),
          new Model("A100-40GB", "nvidia", "NVIDIA-A100-SXM4-40GB", "NVIDIA-NVIDIA A100-SXM4-40GB", 40960, "ampere", 7, 8,
              MIG_40GB, Map.of("all-balanced", List.of("1g.5gb", "1g.5gb", "2g.10gb", "3g.20gb"))),
          new Model("H100-80GB", "nvidia", "NVIDIA-H100-80GB-HBM3", "NVIDIA-NVIDIA H100 80GB HBM3", 81920, "hopper", 7, 8,
              MIG_80GB, Map.of("all-balanced", List.of("1g.10gb", "1g.10gb", "2g.20gb", "3g.40gb"))),
          new Model("V100-32GB", "nvidia", "Tesla-V100-SXM2-32GB", "NVIDIA-Tesla V100-SXM2-32GB", 32768, "volta", 0, 0,
              List.of(), Map.of()),
          new Model("T4", "nvidia", "Tesla-T4", "NVIDIA-Tesla T4", 15360, "turing", 0, 0, List.of(), Map.of()),
          new Model("L40S", "nvidia", "NVIDIA-L40S", "NVIDIA-NVIDIA L40S", 46068, "ada-lovelace", 0, 0, List.of(), Map.of()),
          new Model("Ascend910", "huawei", "Ascend910", "Ascend910", 32768, "Ascend910", 32, 32, VNPU_910, Map.of()),
          new Model("Ascend910B3", "huawei", "Ascend910B3", "Ascend910B3", 65536, "Ascend910B", 20, 20, List.of(), Map.of()),
          new Model("Ascend310P", "huawei", "Ascend310P", "Ascend310P", 24576, "Ascend310P", 8, 8, VNPU_310P, Map.of()),
          new Model("C500", "metax", "MXC500", "MXC500", 65536, "C500", 0, 0, List.of(), Map.of()),
          new Model("MLU370-X8", "cambricon", "MLU370-X8", "MLU370-X8", 49152, "MLU370", 12, 12, MIM_370, Map.of()));

  private SimHardware() {}

  public static Optional<Model> model(String vendor, String name) {
    String v = normalVendor(vendor);
    return MODELS.stream()
        .filter(m -> m.vendor().equals(v) && m.name().equalsIgnoreCase(name))
        .findFirst();
  }

  public static List<String> modelNames(String vendor) {
    String v = normalVendor(vendor);
    return MODELS.stream().filter(m -> m.vendor().equals(v)).map(Model::name).toList();
  }

  /** {@code ascend} is accepted for {@code huawei}; null when the vendor is not simulated. */
  public static String normalVendor(String vendor) {
    if (vendor == null) {
      return null;
    }
    String v = vendor.strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "nvidia" -> "nvidia";
      case "huawei", "ascend" -> "huawei";
      case "metax" -> "metax";
      case "cambricon" -> "cambricon";
      default -> null;
    };
  }
}
