package io.argosy.core.control;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.catalog.AcceleratorModel;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.catalog.PartitionProfile;
import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.demand.ResourceGrammar;
import io.argosy.queue.quota.ResourceKeys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which resource names a queue quota may use, with suggestions for the rest. Known: the core
 * resources, every accelerator name the device plugins' grammar understands (partition profiles
 * checked against the catalog), Argosy's share totals, whatever the fleet publishes, and whatever a
 * queue already uses. A model qualifier ({@code nvidia.com/gpu[H100]}) must cover a catalog or fleet
 * model. Volcano itself accepts any name; a typo there is a quota that silently limits nothing.
 */
final class ResourceNames {
  private static final Catalog CATALOG = Catalog.builtin();
  private static final Set<String> CORE = Set.of("cpu", "memory", "pods", "ephemeral-storage");
  /** Canonical names offered as suggestions, besides the fleet's. */
  private static final Set<String> SUGGESTED = suggestions();

  private final Set<String> extra;
  private final Set<String> models;

  /**
   * @param extra names known besides the built-in ones: the fleet's resources and existing quota keys
   * @param fleetModels device models in the fleet
   */
  ResourceNames(Set<String> extra, Set<String> fleetModels) {
    this.extra = Set.copyOf(extra);
    Set<String> m = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    m.addAll(fleetModels);
    for (AcceleratorModel a : CATALOG.models()) {
      m.add(a.name());
    }
    this.models = m;
  }

  /** Throws {@link InvalidSpecException} at {@code field} when the key is not a resource Argosy knows. */
  void check(String field, String key) {
    ResourceKeys.ParsedKey k;
    try {
      k = ResourceKeys.parse(key);
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(field, e.getMessage());
    }
    if (extra.contains(key)) {
      return;
    }
    if (!known(k.base())) {
      List<String> near = nearest(k.base(), union(SUGGESTED, extra));
      throw new InvalidSpecException(field, "unknown resource " + k.base()
          + (near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?"));
    }
    if (k.model() != null && models.stream().noneMatch(m -> ResourceKeys.modelCovers(k.model(), m))) {
      List<String> near = nearest(k.model(), models);
      throw new InvalidSpecException(field, "no accelerator model is " + k.model() + " or starts with it"
          + (near.isEmpty() ? "" : "; did you mean " + k.base() + "[" + String.join("] or " + k.base() + "[", near) + "]?"));
    }
  }

  private boolean known(String base) {
    if (CORE.contains(base) || base.startsWith("hugepages-") || extra.contains(base)) {
      return true;
    }
    ResourceGrammar.Term t = ResourceGrammar.classify(base);
    return switch (t.role()) {
      case CORE -> true;
      case COUNT, SHARE_MEMORY, SHARE_MEMORY_PERCENT, SHARE_CORES -> true;
      case PARTITION -> !CATALOG.modelsWithPartition(t.vendor(), t.profile()).isEmpty();
      case IGNORED -> false;
      case COUNTABLE -> isShareTotal(base);
    };
  }

  /** Argosy's share totals for vendors other than NVIDIA: {@code <domain>/share-memory-mib} etc. */
  private static boolean isShareTotal(String base) {
    int slash = base.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String rest = base.substring(slash + 1);
    return Vendor.ofResource(base) != Vendor.OTHER
        && (rest.equals("share-memory-mib") || rest.equals("share-memory-percentage") || rest.equals("share-cores"));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.addAll(b);
    return out;
  }

  /** Up to three candidates close to the name, closest first. */
  static List<String> nearest(String name, Set<String> candidates) {
    String n = name.toLowerCase(Locale.ROOT);
    record Scored(String name, int distance) {}
    List<Scored> scored = new ArrayList<>();
    for (String c : candidates) {
      String lc = c.toLowerCase(Locale.ROOT);
      String tail = lc.substring(lc.indexOf('/') + 1);
      // whole name, the part after the domain, or a prefix as long as the name (a model's family)
      int d = Math.min(distance(n, lc), distance(n, tail) + 1);
      d = Math.min(d, distance(n, lc.substring(0, Math.min(lc.length(), n.length()))) + 1);
      if (n.indexOf('/') < 0 && tail.equals(n)) {
        d = 0; // "gpu" for "nvidia.com/gpu"
      }
      int limit = Math.max(2, n.length() / 3);
      if (d <= limit) {
        scored.add(new Scored(c, d));
      }
    }
    scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name));
    List<String> out = new ArrayList<>();
    for (Scored s : scored) {
      if (out.size() == 3 || s.distance() > scored.get(0).distance()) {
        break;
      }
      out.add(s.name());
    }
    return out;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static Set<String> suggestions() {
    Set<String> s = new TreeSet<>(CORE);
    s.addAll(List.of("nvidia.com/gpu", "nvidia.com/gpumem", "nvidia.com/gpumem-percentage", "nvidia.com/gpucores",
        "cambricon.com/mlu", "metax-tech.com/gpu", "metax-tech.com/sgpu", "iluvatar.ai/gpu", "iluvatar.ai/vgpu",
        "huawei.com/npu-core"));
    for (AcceleratorModel m : CATALOG.models()) {
      for (PartitionProfile p : m.partitions()) {
        if (m.vendor() == Vendor.NVIDIA) {
          s.add("nvidia.com/mig-" + p.name());
        } else if (m.vendor() == Vendor.HUAWEI) {
          s.add("huawei.com/" + m.name() + "-" + p.name());
        }
      }
      if (m.vendor() == Vendor.HUAWEI) {
        s.add("huawei.com/" + m.name());
      }
    }
    return s;
  }
}
