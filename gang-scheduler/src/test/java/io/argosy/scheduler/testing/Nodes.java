package io.argosy.scheduler.testing;

import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.inventory.InventoryReader;
import io.argosy.gpu.inventory.NodeInventory;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Node objects as the device plugins publish them (NVIDIA device plugin + GPU Feature Discovery,
 * Ascend device plugin, HAMi register annotation), read by gpu-model's {@link InventoryReader}.
 */
public final class Nodes {
  public static final InventoryReader READER = new InventoryReader(Catalog.builtin());

  private final String name;
  private final Map<String, String> labels = new LinkedHashMap<>();
  private final Map<String, String> annotations = new LinkedHashMap<>();
  private final Map<String, Quantity> capacity = new LinkedHashMap<>();
  private final List<Taint> taints = new ArrayList<>();
  private boolean ready = true;

  private Nodes(String name) {
    this.name = name;
    labels.put("kubernetes.io/hostname", name);
    cpu(64).memoryGi(512).pods(110);
  }

  public static Nodes node(String name) {
    return new Nodes(name);
  }

  /** NVIDIA device plugin with GFD labels: {@code count} whole GPUs of a product, e.g. NVIDIA-A100-SXM4-80GB. */
  public static Nodes nvidia(String name, String product, int count) {
    Nodes n = new Nodes(name);
    n.labels.put("nvidia.com/gpu.present", "true");
    n.labels.put("nvidia.com/gpu.product", product);
    n.labels.put("nvidia.com/gpu.count", Integer.toString(count));
    n.labels.put("nvidia.com/mig.strategy", "none");
    n.capacity.put("nvidia.com/gpu", new Quantity(Integer.toString(count)));
    return n;
  }

  /** Ascend device plugin: whole NPUs of a chip, e.g. 910B3. */
  public static Nodes ascend(String name, String chip, int count) {
    Nodes n = new Nodes(name);
    n.labels.put("accelerator", "huawei-Ascend910");
    n.labels.put("node.kubernetes.io/npu.chip.name", chip);
    n.capacity.put("huawei.com/Ascend910", new Quantity(Integer.toString(count)));
    return n;
  }

  /** HAMi vGPU: {@code count} devices of {@code memoryMiB} registered with split count 10. */
  public static Nodes hami(String name, String type, int count, long memoryMiB) {
    Nodes n = new Nodes(name);
    StringBuilder reg = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      reg.append(i == 0 ? "" : ",").append("{\"id\":\"GPU-").append(name).append('-').append(i)
          .append("\",\"count\":10,\"devmem\":").append(memoryMiB).append(",\"devcore\":100,\"type\":\"NVIDIA-")
          .append(type).append("\",\"numa\":0,\"mode\":\"hami-core\",\"health\":true,\"index\":").append(i).append('}');
    }
    n.annotations.put("hami.io/node-nvidia-register", reg.append(']').toString());
    n.labels.put("gpu", "on");
    n.capacity.put("nvidia.com/gpu", new Quantity(Integer.toString(count * 10)));
    return n;
  }

  public Nodes cpu(int cores) {
    capacity.put("cpu", new Quantity(Integer.toString(cores)));
    return this;
  }

  public Nodes memoryGi(int gi) {
    capacity.put("memory", new Quantity(gi + "Gi"));
    return this;
  }

  public Nodes pods(int pods) {
    capacity.put("pods", new Quantity(Integer.toString(pods)));
    return this;
  }

  /** A node-level resource the kubelet reports in bytes, e.g. {@code ephemeral-storage}. */
  public Nodes capacity(String resource, String quantity) {
    capacity.put(resource, new Quantity(quantity));
    return this;
  }

  public Nodes label(String key, String value) {
    labels.put(key, value);
    return this;
  }

  public Nodes taint(String key, String value, String effect) {
    taints.add(new Taint(effect, key, null, value));
    return this;
  }

  public Nodes notReady() {
    ready = false;
    return this;
  }

  public Node build() {
    return new NodeBuilder()
        .withNewMetadata().withName(name).withLabels(labels).withAnnotations(annotations).endMetadata()
        .withNewSpec().withTaints(taints).endSpec()
        .withNewStatus().withCapacity(capacity).withAllocatable(capacity)
        .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
        .endStatus()
        .build();
  }

  public NodeInventory inventory() {
    return READER.read(build());
  }

  /** {@code count} nodes named {@code prefix-0..}, built by {@code make}. */
  public static List<Node> many(String prefix, int count, java.util.function.Function<String, Nodes> make) {
    List<Node> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(make.apply(prefix + "-" + i).build());
    }
    return out;
  }
}
