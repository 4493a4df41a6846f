package io.argosy.gpu.demand;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.Quantities;
import io.argosy.gpu.catalog.AcceleratorModel;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.catalog.PartitionProfile;
import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.demand.ResourceGrammar.Role;
import io.argosy.gpu.demand.ResourceGrammar.Term;
import io.argosy.gpu.score.Policy;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a pod's containers and annotations into a typed {@link PodDemand}, validating as it goes.
 * Parsing happens once per pod template; the result is what the fit hot path reads.
 */
public final class DemandParser {
  private final Catalog catalog;

  public DemandParser(Catalog catalog) {
    this.catalog = catalog;
  }

  public Catalog catalog() {
    return catalog;
  }

  /** Parses a whole pod; field paths in errors are relative to the pod ({@code spec.containers[0]...}). */
  public PodDemand parse(Pod pod) {
    if (pod == null || pod.getSpec() == null) {
      throw new InvalidSpecException("spec", "missing");
    }
    Map<String, String> annotations = pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
    return parse(pod.getSpec(), annotations);
  }

  /** Parses a pod spec with the pod's annotations (a template's {@code metadata.annotations}). */
  public PodDemand parse(PodSpec spec, Map<String, String> podAnnotations) {
    if (spec == null) {
      throw new InvalidSpecException("spec", "missing");
    }
    Map<String, String> annotations = podAnnotations == null ? Map.of() : podAnnotations;
    DeviceSelector selector = selector(annotations);
    Policy nodePolicy = policy(annotations, "hami.io/node-scheduler-policy");
    Policy devicePolicy = policy(annotations, "hami.io/gpu-scheduler-policy");

    List<Container> containers = spec.getContainers() == null ? List.of() : spec.getContainers();
    if (containers.isEmpty()) {
      throw new InvalidSpecException("spec.containers", "a pod needs at least one container");
    }
    List<ContainerDemand> parsed = new ArrayList<>();
    Map<String, Long> resources = new TreeMap<>();
    long cpu = 0;
    long memory = 0;
    for (int i = 0; i < containers.size(); i++) {
      ContainerDemand c = container(containers.get(i), "spec.containers[" + i + "]", selector);
      parsed.add(c);
      cpu += c.cpuMilli();
      memory += c.memoryBytes();
      for (AcceleratorDemand a : c.accelerators()) {
        ResourceKeys.add(resources, a);
      }
    }
    // kube-scheduler: init containers run one at a time before the app containers; sidecars
    // (restartPolicy Always) keep running, so they add to everything after them.
    long initCpu = 0;
    long initMemory = 0;
    long sidecarCpu = 0;
    long sidecarMemory = 0;
    List<Container> inits = spec.getInitContainers() == null ? List.of() : spec.getInitContainers();
    for (int i = 0; i < inits.size(); i++) {
      Container ic = inits.get(i);
      String path = "spec.initContainers[" + i + "]";
      long[] cm = cpuMemory(ic.getResources(), path);
      if ("Always".equals(ic.getRestartPolicy())) {
        sidecarCpu += cm[0];
        sidecarMemory += cm[1];
        initCpu = Math.max(initCpu, sidecarCpu);
        initMemory = Math.max(initMemory, sidecarMemory);
      } else {
        initCpu = Math.max(initCpu, sidecarCpu + cm[0]);
        initMemory = Math.max(initMemory, sidecarMemory + cm[1]);
      }
    }
    cpu = Math.max(cpu + sidecarCpu, initCpu);
    memory = Math.max(memory + sidecarMemory, initMemory);
    if (spec.getOverhead() != null) {
      Quantity oc = spec.getOverhead().get("cpu");
      Quantity om = spec.getOverhead().get("memory");
      if (oc != null) {
        cpu += Quantities.cpuMilli(oc, "spec.overhead[cpu]");
      }
      if (om != null) {
        memory += Quantities.bytes(om, "spec.overhead[memory]");
      }
    }
    resources.put(ResourceKeys.CPU, cpu);
    resources.put(ResourceKeys.MEMORY, memory);
    return new PodDemand(cpu, memory, parsed, selector, nodePolicy, devicePolicy, resources);
  }

  // ------------------------------------------------------------------ containers

  private ContainerDemand container(Container c, String path, DeviceSelector selector) {
    String name = c.getName() == null ? "" : c.getName();
    long[] cm = cpuMemory(c.getResources(), path);
    Map<String, Quantity> limits = quantities(c.getResources(), true);
    Map<String, Quantity> requests = quantities(c.getResources(), false);

    // Extended resources: limits imply requests; both given must be equal (Kubernetes rule).
    Map<String, Quantity> extended = new LinkedHashMap<>();
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, Quantity> e : limits.entrySet()) {
      if (!isCpuOrMemory(e.getKey())) {
        extended.put(e.getKey(), e.getValue());
        fields.put(e.getKey(), path + ".resources.limits[" + e.getKey() + "]");
      }
    }
    for (Map.Entry<String, Quantity> e : requests.entrySet()) {
      String key = e.getKey();
      if (isCpuOrMemory(key)) {
        continue;
      }
      String field = path + ".resources.requests[" + key + "]";
      Quantity limit = extended.get(key);
      if (limit == null) {
        extended.put(key, e.getValue());
        fields.put(key, field);
      } else if (isExtended(key)) {
        BigDecimal r = Quantities.amount(e.getValue(), field);
        BigDecimal l = Quantities.amount(limit, fields.get(key));
        if (r.compareTo(l) != 0) {
          throw new InvalidSpecException(field, e.getValue() + " must equal limits " + limit + " for an extended resource");
        }
      } else {
        // ephemeral-storage, hugepages: the request is what is scheduled
        extended.put(key, e.getValue());
        fields.put(key, field);
      }
    }

    List<Term> terms = new ArrayList<>();
    Set<Vendor> vendors = EnumSet.noneOf(Vendor.class);
    String firstVendorResource = null;
    for (String key : extended.keySet()) {
      Term t = ResourceGrammar.classify(key);
      terms.add(t);
      if (isExtended(key) && t.vendor() != Vendor.OTHER && Quantities.amount(extended.get(key), fields.get(key)).signum() > 0) {
        if (vendors.add(t.vendor()) && vendors.size() > 1) {
          throw new InvalidSpecException(
              path + ".resources",
              "asks for " + firstVendorResource + " and " + key + ": two accelerator vendors in one container");
        }
        if (firstVendorResource == null) {
          firstVendorResource = key;
        }
      }
    }

    List<AcceleratorDemand> out = new ArrayList<>();
    Map<String, List<Term>> groups = new LinkedHashMap<>();
    for (Term t : terms) {
      switch (t.role()) {
        case CORE, IGNORED -> {
          if (t.role() == Role.IGNORED) {
            Quantities.wholeCount(extended.get(t.name()), fields.get(t.name()), t.name());
          }
        }
        case COUNTABLE -> {
          Quantity q = extended.get(t.name());
          String f = fields.get(t.name());
          long amount = isExtended(t.name())
              ? Quantities.wholeCount(q, f, t.name())
              : Quantities.bytes(q, f);
          if (amount > 0) {
            out.add(AcceleratorDemand.countable(t.name(), amount));
          }
        }
        case PARTITION -> {
          AcceleratorDemand p = partition(t, extended.get(t.name()), fields.get(t.name()));
          if (p != null) {
            out.add(p);
          }
        }
        default -> groups.computeIfAbsent(t.group(), g -> new ArrayList<>()).add(t);
      }
    }
    mergeDynamicNpu(groups);
    for (List<Term> group : groups.values()) {
      AcceleratorDemand d = group(group, extended, fields, selector);
      if (d != null) {
        out.add(d);
      }
    }
    return new ContainerDemand(name, cm[0], cm[1], out);
  }

  /** Huawei dynamic vNPU: {@code huawei.com/npu-core} takes the chip of an Ascend count beside it. */
  private static void mergeDynamicNpu(Map<String, List<Term>> groups) {
    List<Term> dynamic = groups.get("ascend-dynamic");
    if (dynamic == null) {
      return;
    }
    for (var it = groups.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().startsWith("ascend:")) {
        for (Term t : e.getValue()) {
          if (t.role() == Role.COUNT) {
            dynamic.add(t);
          }
        }
        it.remove();
      }
    }
  }

  private AcceleratorDemand partition(Term t, Quantity q, String field) {
    long n = Quantities.wholeCount(q, field, "a partition count");
    if (n == 0) {
      return null;
    }
    if (t.vendor() == Vendor.NVIDIA && catalog.modelsWithPartition(Vendor.NVIDIA, t.profile()).isEmpty()) {
      throw new InvalidSpecException(field, "MIG profile " + t.profile() + " exists on no catalog model");
    }
    if (t.vendor() == Vendor.HUAWEI && t.model() != null) {
      catalog.byName(t.model()).ifPresent(m -> {
        if (m.partition(t.profile()).isEmpty()) {
          throw new InvalidSpecException(field, "vNPU template " + t.profile() + " does not exist on " + m.name());
        }
      });
    }
    return AcceleratorDemand.partition(t.vendor(), t.name(), t.model(), t.profile(), n);
  }

  private AcceleratorDemand group(
      List<Term> terms, Map<String, Quantity> values, Map<String, String> fields, DeviceSelector selector) {
    Term count = null;
    Term mem = null;
    Term pct = null;
    Term cores = null;
    for (Term t : terms) {
      switch (t.role()) {
        case COUNT -> {
          if (count != null) {
            throw new InvalidSpecException(fields.get(t.name()), "set together with " + count.name() + "; use one count resource");
          }
          count = t;
        }
        case SHARE_MEMORY -> mem = t;
        case SHARE_MEMORY_PERCENT -> pct = t;
        case SHARE_CORES -> cores = t;
        default -> throw new IllegalStateException("unexpected " + t);
      }
    }
    Term any = count != null ? count : mem != null ? mem : pct != null ? pct : cores;
    Vendor vendor = any.vendor();
    String group = any.group();
    String model = firstModel(count, mem, pct, cores);

    if (group.equals("ascend-dynamic")) {
      return dynamicNpu(cores, count, values, fields);
    }
    if (group.equals("iluvatar") && count == null && cores != null) {
      // Iluvatar gpu-manager / DaoCloud convention: vcuda-core is the number of cards and
      // vcuda-memory is MiB per card. HAMi's convention needs iluvatar.ai/vgpu beside them.
      long n = Quantities.wholeCount(values.get(cores.name()), fields.get(cores.name()), "a device count");
      if (n == 0) {
        return null;
      }
      if (mem == null) {
        return AcceleratorDemand.whole(vendor, cores.name(), model, n);
      }
      long mib = Quantities.deviceMemoryMiB(values.get(mem.name()), fields.get(mem.name()), 1);
      checkMemory(vendor, model, mib, fields.get(mem.name()), selector);
      return AcceleratorDemand.share(vendor, cores.name(), model, n, mib, AcceleratorDemand.UNSET, AcceleratorDemand.UNSET);
    }

    long n = 1;
    String resource;
    if (count != null) {
      n = Quantities.wholeCount(values.get(count.name()), fields.get(count.name()), "a device count");
      resource = count.name();
    } else {
      resource = any.impliedCount();
    }
    if (n == 0) {
      return null;
    }
    long mib = AcceleratorDemand.UNSET;
    int percent = AcceleratorDemand.UNSET;
    int corePercent = AcceleratorDemand.UNSET;
    if (mem != null) {
      mib = Quantities.deviceMemoryMiB(values.get(mem.name()), fields.get(mem.name()), mem.memoryUnitMiB());
      if (mib == 0) {
        throw new InvalidSpecException(fields.get(mem.name()), "device memory must be positive");
      }
    }
    if (pct != null) {
      percent = Quantities.percent(values.get(pct.name()), fields.get(pct.name()), 1);
    }
    if (cores != null) {
      corePercent = Quantities.percent(values.get(cores.name()), fields.get(cores.name()), 0);
    }
    boolean shareFields = mem != null || pct != null || cores != null;
    if (!shareFields) {
      return AcceleratorDemand.whole(vendor, resource, model, n);
    }
    if (vendor == Vendor.HUAWEI) {
      return ascendShare(resource, model, n, mib, fields.get(mem == null ? resource : mem.name()), selector);
    }
    if (mib != AcceleratorDemand.UNSET) {
      checkMemory(vendor, model, mib, fields.get(mem.name()), selector);
      percent = AcceleratorDemand.UNSET; // HAMi: an explicit MiB wins over a percentage
    } else if (percent == AcceleratorDemand.UNSET) {
      percent = 100; // HAMi: no memory asked means all of it
    }
    if (corePercent == AcceleratorDemand.UNSET && (vendor == Vendor.METAX || vendor == Vendor.CAMBRICON)) {
      corePercent = 100; // HAMi's Metax sGPU and Cambricon sMLU default to the whole compute
    }
    return AcceleratorDemand.share(vendor, resource, model, n, mib, percent, corePercent);
  }

  /** HAMi Ascend: memory is rounded up to the smallest vNPU template that holds it. */
  private AcceleratorDemand ascendShare(
      String resource, String chip, long n, long mib, String field, DeviceSelector selector) {
    if (mib == AcceleratorDemand.UNSET || n > 1) {
      // HAMi: "-memory is only effective when the count is 1"; otherwise whole NPUs.
      return AcceleratorDemand.whole(Vendor.HUAWEI, resource, chip, n);
    }
    AcceleratorModel m = chip == null ? null : catalog.byName(chip).orElse(null);
    if (m == null) {
      checkMemory(Vendor.HUAWEI, chip, mib, field, selector);
      return AcceleratorDemand.share(Vendor.HUAWEI, resource, chip, n, mib, AcceleratorDemand.UNSET, AcceleratorDemand.UNSET);
    }
    if (mib > m.memoryMiB()) {
      throw new InvalidSpecException(field, mib + " MiB is larger than " + m.name() + " (" + m.memoryMiB() + " MiB)");
    }
    PartitionProfile best = null;
    for (PartitionProfile p : m.partitions()) {
      if (p.memoryMiB() >= mib && (best == null || p.memoryMiB() < best.memoryMiB())) {
        best = p;
      }
    }
    if (best == null) {
      return AcceleratorDemand.whole(Vendor.HUAWEI, resource, chip, 1);
    }
    int corePercent = (int) Math.ceil(best.computeSlices() * 100.0 / m.computeSlices());
    return AcceleratorDemand.share(Vendor.HUAWEI, resource, chip, 1, best.memoryMiB(), AcceleratorDemand.UNSET, corePercent);
  }

  /** MindCluster dynamic vNPU: AI cores of one NPU, with the memory of the template that fits them. */
  private AcceleratorDemand dynamicNpu(Term cores, Term chipCount, Map<String, Quantity> values, Map<String, String> fields) {
    String field = fields.get(cores.name());
    long aiCores = Quantities.wholeCount(values.get(cores.name()), field, "an AI core count");
    if (aiCores == 0) {
      return null;
    }
    String chip = chipCount != null ? chipCount.model() : "Ascend310P";
    AcceleratorModel m = catalog.byName(chip).orElse(null);
    if (m == null || m.computeSlices() == 0) {
      return AcceleratorDemand.share(Vendor.HUAWEI, AcceleratorDemand.NPU_CORE, chip, 1,
          AcceleratorDemand.UNSET, AcceleratorDemand.UNSET, AcceleratorDemand.UNSET);
    }
    if (aiCores > m.computeSlices()) {
      throw new InvalidSpecException(field, aiCores + " AI cores is more than " + m.name() + " has (" + m.computeSlices() + ")");
    }
    long memory = m.memoryMiB();
    for (PartitionProfile p : m.partitions()) {
      if (p.computeSlices() >= aiCores && p.memoryMiB() < memory) {
        memory = p.memoryMiB();
      }
    }
    int corePercent = (int) Math.ceil(aiCores * 100.0 / m.computeSlices());
    return AcceleratorDemand.share(Vendor.HUAWEI, AcceleratorDemand.NPU_CORE, m.name(), 1, memory, AcceleratorDemand.UNSET, corePercent);
  }

  /** Rejects a per-device memory larger than every model the pod may land on. */
  private void checkMemory(Vendor vendor, String model, long mib, String field, DeviceSelector selector) {
    List<AcceleratorModel> allowed = new ArrayList<>();
    boolean applies = selector.appliesTo(vendor);
    for (AcceleratorModel m : catalog.modelsOf(vendor)) {
      if (model != null && !Catalog.typeMatches(m, model)) {
        continue;
      }
      if (applies && !selectorAllows(selector, m)) {
        continue;
      }
      allowed.add(m);
    }
    if (allowed.isEmpty()) {
      return; // types the catalog does not know: the node's inventory decides
    }
    AcceleratorModel largest = allowed.get(0);
    for (AcceleratorModel m : allowed) {
      if (m.memoryMiB() > largest.memoryMiB()) {
        largest = m;
      }
    }
    if (mib > largest.memoryMiB()) {
      throw new InvalidSpecException(field, mib + " MiB is larger than any allowed model (largest: "
          + largest.name() + " with " + largest.memoryMiB() + " MiB)");
    }
  }

  private static boolean selectorAllows(DeviceSelector s, AcceleratorModel m) {
    if (!s.useTypes().isEmpty()) {
      boolean any = false;
      for (String t : s.useTypes()) {
        any |= Catalog.typeMatches(m, t);
      }
      if (!any) {
        return false;
      }
    }
    for (String t : s.noUseTypes()) {
      if (Catalog.typeMatches(m, t)) {
        return false;
      }
    }
    return true;
  }

  private static String firstModel(Term... terms) {
    for (Term t : terms) {
      if (t != null && t.model() != null) {
        return t.model();
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ annotations

  private static DeviceSelector selector(Map<String, String> annotations) {
    List<String> use = new ArrayList<>();
    List<String> noUse = new ArrayList<>();
    List<String> useUuid = new ArrayList<>();
    List<String> noUseUuid = new ArrayList<>();
    Set<Vendor> vendors = EnumSet.noneOf(Vendor.class);
    for (Map.Entry<String, String> e : new TreeMap<>(annotations).entrySet()) {
      String key = e.getKey();
      int slash = key.indexOf('/');
      if (slash < 0) {
        continue;
      }
      String domain = key.substring(0, slash);
      String name = key.substring(slash + 1);
      String field = "metadata.annotations[" + key + "]";
      List<String> target = null;
      Vendor vendor = Vendor.ofResource(key);
      if (vendor != Vendor.OTHER && name.endsWith("type") && (name.startsWith("use-") || name.startsWith("nouse-"))) {
        target = name.startsWith("use-") ? use : noUse;
      } else if (vendor != Vendor.OTHER && name.equals("use-gpuuuid")) {
        target = useUuid;
      } else if (vendor != Vendor.OTHER && name.equals("nouse-gpuuuid")) {
        target = noUseUuid;
      } else if (domain.equals("hami.io") && name.endsWith("-uuid") && (name.startsWith("use-") || name.startsWith("no-use-"))) {
        target = name.startsWith("use-") ? useUuid : noUseUuid;
        vendor = vendorOfCommonWord(name);
      }
      if (target == null) {
        continue;
      }
      List<String> entries = splitList(e.getValue());
      if (entries.isEmpty()) {
        throw new InvalidSpecException(field, "lists no device " + (name.endsWith("type") ? "type" : "UUID"));
      }
      target.addAll(entries);
      if (vendor != Vendor.OTHER) {
        vendors.add(vendor);
      }
    }
    if (use.isEmpty() && noUse.isEmpty() && useUuid.isEmpty() && noUseUuid.isEmpty()) {
      return DeviceSelector.ANY;
    }
    return new DeviceSelector(use, noUse, useUuid, noUseUuid, vendors, List.of(), List.of());
  }

  /** {@code use-Ascend910B-uuid} → HUAWEI; HAMi's common words per vendor. */
  private static Vendor vendorOfCommonWord(String annotationName) {
    String s = annotationName.toUpperCase(Locale.ROOT);
    if (s.contains("ASCEND")) {
      return Vendor.HUAWEI;
    }
    if (s.contains("MLU")) {
      return Vendor.CAMBRICON;
    }
    if (s.contains("METAX")) {
      return Vendor.METAX;
    }
    if (s.contains("BI-V") || s.contains("MR-V") || s.contains("ILUVATAR")) {
      return Vendor.ILUVATAR;
    }
    return Vendor.OTHER;
  }

  private static List<String> splitList(String value) {
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    for (String part : value.split(",")) {
      String s = part.strip();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  private static Policy policy(Map<String, String> annotations, String key) {
    String v = annotations.get(key);
    if (v == null || v.isBlank()) {
      return null;
    }
    String s = v.strip().toLowerCase(Locale.ROOT);
    if (s.equals("topology-aware")) {
      return null; // HAMi's NVIDIA topology policy: Argosy scores it as the cluster's default
    }
    try {
      return Policy.parse(s);
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException("metadata.annotations[" + key + "]", "must be binpack or spread, got '" + v + "'");
    }
  }

  // ------------------------------------------------------------------ helpers

  private static long[] cpuMemory(ResourceRequirements r, String path) {
    long cpu = 0;
    long mem = 0;
    if (r != null) {
      Quantity c = pick(r, "cpu");
      Quantity m = pick(r, "memory");
      if (c != null) {
        cpu = Quantities.cpuMilli(c, path + ".resources." + where(r, "cpu") + "[cpu]");
      }
      if (m != null) {
        mem = Quantities.bytes(m, path + ".resources." + where(r, "memory") + "[memory]");
      }
    }
    return new long[] {cpu, mem};
  }

  /** The request when set, else the limit (Kubernetes defaults requests from limits). */
  private static Quantity pick(ResourceRequirements r, String name) {
    if (r.getRequests() != null && r.getRequests().get(name) != null) {
      return r.getRequests().get(name);
    }
    return r.getLimits() == null ? null : r.getLimits().get(name);
  }

  private static String where(ResourceRequirements r, String name) {
    return r.getRequests() != null && r.getRequests().get(name) != null ? "requests" : "limits";
  }

  private static Map<String, Quantity> quantities(ResourceRequirements r, boolean limits) {
    if (r == null) {
      return Map.of();
    }
    Map<String, Quantity> m = limits ? r.getLimits() : r.getRequests();
    return m == null ? Map.of() : m;
  }

  private static boolean isCpuOrMemory(String name) {
    return name.equals("cpu") || name.equals("memory");
  }

  /** Extended resources: a domain-qualified name outside kubernetes.io (requests must equal limits). */
  static boolean isExtended(String name) {
    int slash = name.indexOf('/');
    return slash > 0 && !name.startsWith("kubernetes.io/") && !name.substring(0, slash).endsWith(".kubernetes.io");
  }
}
