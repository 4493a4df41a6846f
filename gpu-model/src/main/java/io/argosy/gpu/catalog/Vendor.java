package io.argosy.gpu.catalog;

import java.util.List;

/** Accelerator vendors, each with the resource-name domains its device plugins publish under. */
public enum Vendor {
  NVIDIA("nvidia.com", "volcano.sh"),
  HUAWEI("huawei.com"),
  ILUVATAR("iluvatar.ai"),
  METAX("metax-tech.com"),
  CAMBRICON("cambricon.com"),
  HYGON("hygon.com"),
  MTHREADS("mthreads.com"),
  ENFLAME("enflame.com"),
  KUNLUNXIN("kunlunxin.com"),
  AWS_NEURON("aws.amazon.com"),
  BIREN("birentech.com"),
  VASTAI("vastaitech.com"),
  /** Any other extended resource: countable only. */
  OTHER();

  private final List<String> domains;

  Vendor(String... domains) {
    this.domains = List.of(domains);
  }

  /** Resource-name prefixes before the slash, e.g. {@code nvidia.com}. */
  public List<String> domains() {
    return domains;
  }

  /** The vendor owning an extended resource name's domain, or {@link #OTHER}. */
  public static Vendor ofResource(String resourceName) {
    int slash = resourceName.indexOf('/');
    if (slash < 0) {
      return OTHER;
    }
    String domain = resourceName.substring(0, slash);
    for (Vendor v : values()) {
      if (v.domains.contains(domain)) {
        return v;
      }
    }
    return OTHER;
  }
}
