package io.argosy.agent.apply;

import io.argosy.api.ApiCodec;
import io.argosy.api.Ownership;
import io.argosy.gpu.catalog.Vendor;
import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.ContainerAssignment;
import io.argosy.gpu.fit.DeviceGrant;
import io.argosy.gpu.inventory.Device;
import io.argosy.gpu.inventory.DeviceMode;
import io.argosy.gpu.inventory.NodeInventory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pod annotations that carry a device assignment to the node:
 * <ul>
 *   <li>every mode: {@value Ownership#DEVICES}, the assignment as JSON, so that gpu-model rebuilds
 *       the pod's usage exactly (which device, partition, memory and cores);
 *   <li>NVIDIA devices shared through HAMi: HAMi's scheduler annotations, which HAMi's device plugin
 *       honours at Allocate: {@code hami.io/vgpu-devices-to-allocate} and
 *       {@code hami.io/vgpu-devices-allocated} ({@code <uuid>,NVIDIA,<memMiB>,<cores>:} per device,
 *       {@code ;} after each container, in container order), {@code hami.io/vgpu-node},
 *       {@code hami.io/vgpu-time}, {@code hami.io/bind-phase=allocating}, {@code hami.io/bind-time};
 *   <li>whole Ascend NPUs: {@code huawei.com/<chip>} with the chips' names ({@code Ascend910-0,Ascend910-3}),
 *       the annotation the Ascend device plugin reads when a scheduler chose the chips.
 * </ul>
 * Whole NVIDIA GPUs and MIG instances get only the Argosy annotation: the NVIDIA device plugin picks
 * the device itself and takes no hint, and any free device of the node is equivalent to the one chosen.
 */
public final class DeviceAnnotations {
  public static final String HAMI_TO_ALLOCATE = "hami.io/vgpu-devices-to-allocate";
  public static final String HAMI_ALLOCATED = "hami.io/vgpu-devices-allocated";
  public static final String HAMI_NODE = "hami.io/vgpu-node";
  public static final String HAMI_TIME = "hami.io/vgpu-time";
  public static final String HAMI_BIND_PHASE = "hami.io/bind-phase";
  public static final String HAMI_BIND_TIME = "hami.io/bind-time";

  private DeviceAnnotations() {}

  /**
   * @param a the pod's assignment
   * @param node the node's inventory (null when unknown: only the Argosy annotation is written)
   * @param containerOrder the pod's container names in spec order (HAMi's encoding is positional)
   * @param now the bind time
   */
  public static Map<String, String> of(Assignment a, NodeInventory node, List<String> containerOrder, Instant now) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(Ownership.DEVICES, ApiCodec.toJson(a));
    if (node == null) {
      return out;
    }
    Map<String, ContainerAssignment> byName = new LinkedHashMap<>();
    a.containers().forEach(c -> byName.put(c.container(), c));
    StringBuilder hami = new StringBuilder();
    boolean anyHami = false;
    Map<String, List<String>> ascend = new TreeMap<>();
    for (String container : containerOrder) {
      ContainerAssignment ca = byName.get(container);
      if (ca != null) {
        for (DeviceGrant g : ca.grants()) {
          Device d = device(node, g.deviceIndex());
          if (d == null) {
            continue;
          }
          if (d.vendor() == Vendor.NVIDIA && d.mode() == DeviceMode.SHARE) {
            anyHami = true;
            hami.append(d.id()).append(",NVIDIA,").append(g.memoryMiB()).append(',').append(g.cores()).append(':');
          } else if (d.vendor() == Vendor.HUAWEI && d.mode() == DeviceMode.WHOLE) {
            String chip = g.resource().substring(g.resource().indexOf('/') + 1);
            ascend.computeIfAbsent(g.resource(), k -> new ArrayList<>()).add(chip + "-" + d.index());
          }
        }
      }
      hami.append(';');
    }
    if (anyHami) {
      String unix = Long.toString(now.getEpochSecond());
      out.put(HAMI_TO_ALLOCATE, hami.toString());
      out.put(HAMI_ALLOCATED, hami.toString());
      out.put(HAMI_NODE, node.name());
      out.put(HAMI_TIME, unix);
      out.put(HAMI_BIND_PHASE, "allocating");
      out.put(HAMI_BIND_TIME, unix);
    }
    ascend.forEach((resource, chips) -> out.put(resource, String.join(",", chips)));
    return out;
  }

  static Device device(NodeInventory node, int index) {
    for (Device d : node.devices()) {
      if (d.index() == index) {
        return d;
      }
    }
    return null;
  }
}
