package io.argosy.gpu.inventory;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.Quantities;
import io.argosy.gpu.catalog.AcceleratorModel;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.catalog.Vendor;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** What the vendor readers see of one Node, and the devices they add to it. */
final class NodeView {
  /** Fallback label for vendors whose plugins publish no model label (fleet templates set it). */
  static final String MODEL_LABEL = "argosy.io/accelerator-model";

  final String name;
  final Map<String, String> labels;
  final Map<String, String> annotations;
  final Catalog catalog;
  private final Map<String, Quantity> capacity;
  private final Map<String, Quantity> allocatable;
  final List<Device> devices = new ArrayList<>();
  final Set<String> consumed = new HashSet<>();
  private final Map<Vendor, Integer> perVendor = new EnumMap<>(Vendor.class);

  NodeView(Node node, Catalog catalog) {
    this.catalog = catalog;
    this.name = node.getMetadata() == null || node.getMetadata().getName() == null ? "" : node.getMetadata().getName();
    this.labels = nullSafe(node.getMetadata() == null ? null : node.getMetadata().getLabels());
    this.annotations = nullSafe(node.getMetadata() == null ? null : node.getMetadata().getAnnotations());
    Map<String, Quantity> cap = node.getStatus() == null ? null : node.getStatus().getCapacity();
    Map<String, Quantity> alloc = node.getStatus() == null ? null : node.getStatus().getAllocatable();
    this.capacity = new TreeMap<>(cap == null ? Map.of() : cap);
    this.allocatable = new TreeMap<>(alloc == null || alloc.isEmpty() ? this.capacity : alloc);
  }

  private static Map<String, String> nullSafe(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }

  /** Resource names in capacity or allocatable. */
  Set<String> resourceNames() {
    Set<String> names = new HashSet<>(capacity.keySet());
    names.addAll(allocatable.keySet());
    return names;
  }

  /** Capacity of a countable resource as a whole number (0 when absent). */
  long capacity(String resource) {
    Quantity q = capacity.get(resource);
    if (q == null) {
      q = allocatable.get(resource);
    }
    return q == null ? 0 : Quantities.wholeCount(q, "status.capacity[" + resource + "]", resource);
  }

  /** Allocatable of a countable resource (falls back to capacity). */
  long allocatable(String resource) {
    Quantity q = allocatable.get(resource);
    if (q == null) {
      q = capacity.get(resource);
    }
    return q == null ? 0 : Quantities.wholeCount(q, "status.allocatable[" + resource + "]", resource);
  }

  Quantity allocatableQuantity(String resource) {
    return allocatable.get(resource);
  }

  /** Model from a product string, else the catalog's only model of the vendor, else empty. */
  Optional<AcceleratorModel> model(Vendor vendor, String... products) {
    for (String p : products) {
      if (p != null && !p.isBlank()) {
        Optional<AcceleratorModel> m = catalog.resolveProduct(p).filter(x -> x.vendor() == vendor);
        if (m.isPresent()) {
          return m;
        }
      }
    }
    String label = labels.get(MODEL_LABEL);
    if (label != null) {
      Optional<AcceleratorModel> m = catalog.resolveProduct(label).filter(x -> x.vendor() == vendor);
      if (m.isPresent()) {
        return m;
      }
    }
    List<AcceleratorModel> all = catalog.modelsOf(vendor);
    return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
  }

  /** Next per-vendor device id, e.g. {@code node-1/gpu-3}, and its short form {@code gpu-3}. */
  String nextShortId(Vendor vendor) {
    int k = perVendor.merge(vendor, 1, Integer::sum) - 1;
    return shortName(vendor) + "-" + k;
  }

  String fullId(String shortId) {
    return name.isEmpty() ? shortId : name + "/" + shortId;
  }

  static String shortName(Vendor v) {
    return switch (v) {
      case HUAWEI -> "npu";
      case CAMBRICON -> "mlu";
      default -> "gpu";
    };
  }

  int nextIndex() {
    return devices.size();
  }

  void add(Device d) {
    if (d.index() != devices.size()) {
      throw new IllegalStateException("device index " + d.index() + " out of order");
    }
    devices.add(d);
  }

  static InvalidSpecException badLabel(String label, String reason) {
    return new InvalidSpecException("metadata.labels[" + label + "]", reason);
  }
}
