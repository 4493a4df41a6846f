package io.argosy.gpu.inventory;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.Quantities;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.AcceleratorDemand;
import io.argosy.gpu.demand.ContainerDemand;
import io.argosy.gpu.demand.DemandKind;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.gpu.demand.PodDemand;
import io.argosy.gpu.fit.Assignment;
import io.argosy.gpu.fit.ContainerAssignment;
import io.argosy.gpu.fit.DeviceGrant;
import io.argosy.gpu.fit.FitResult;
import io.argosy.gpu.fit.NodeState;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a node's device inventory from a fabric8 {@code Node} as the real device plugins publish it
 * (capacity/allocatable, GFD labels, HAMi register annotations, DaoCloud and Ascend labels), and the
 * usage of pods already bound to it.
 */
public final class InventoryReader {
  private static final int DEFAULT_PODS = 110; // kubelet's default --max-pods

  private final Catalog catalog;
  private final DemandParser parser;

  public InventoryReader(Catalog catalog) {
    this.catalog = catalog;
    this.parser = new DemandParser(catalog);
  }

  /** The node's inventory; InvalidSpecException for malformed annotations and labels, naming them. */
  public NodeInventory read(Node node) {
    if (node == null) {
      throw new InvalidSpecException("", "no node");
    }
    NodeView n = new NodeView(node, catalog);
    NvidiaInventory.read(n);
    AscendInventory.read(n);
    IluvatarInventory.read(n);
    MetaxInventory.read(n);
    CambriconInventory.read(n);

    long cpu = 0;
    long memory = 0;
    int pods = DEFAULT_PODS;
    Map<String, Long> countable = new TreeMap<>();
    for (String r : n.resourceNames()) {
      Quantity q = n.allocatableQuantity(r);
      if (q == null) {
        continue;
      }
      String field = "status.allocatable[" + r + "]";
      switch (r) {
        case "cpu" -> cpu = Quantities.cpuMilli(q, field);
        case "memory" -> memory = Quantities.bytes(q, field);
        case "pods" -> pods = (int) Math.min(Integer.MAX_VALUE, Quantities.wholeCount(q, field, "a pod count"));
        default -> {
          if (!n.consumed.contains(r)) {
            boolean extended = r.indexOf('/') > 0;
            countable.put(r, extended ? Quantities.wholeCount(q, field, r) : Quantities.bytes(q, field));
          }
        }
      }
    }
    return new NodeInventory(n.name, n.labels, taints(node), ready(node), cpu, memory, pods, n.devices, countable);
  }

  /** A fresh state for the node with the usage of the pods bound to it (terminal pods skipped). */
  public NodeState stateOf(Node node, List<Pod> podsOnNode) {
    NodeState state = new NodeState(read(node));
    if (podsOnNode != null) {
      // pods with an exact record first, so that pods placed by fit go around the devices they hold
      for (Pod pod : podsOnNode) {
        Assignment exact = isTerminal(pod) ? null : AssignmentAnnotation.read(annotationsOf(pod));
        if (exact != null) {
          state.allocateObserved(exact);
        }
      }
      for (Pod pod : podsOnNode) {
        if (!isTerminal(pod) && AssignmentAnnotation.read(annotationsOf(pod)) == null) {
          state.allocateObserved(usageOn(pod, state));
        }
      }
    }
    return state;
  }

  /**
   * What a pod bound to this node holds: Argosy's own record ({@link AssignmentAnnotation}) when the
   * agent wrote one, else HAMi's allocation annotations when present (exact devices), otherwise its
   * requests placed as the scheduler would place them on an otherwise empty node. Use
   * {@link #stateOf} for several pods: there each is placed around the others.
   */
  public Assignment usageOf(Pod pod, NodeInventory node) {
    Assignment exact = AssignmentAnnotation.read(annotationsOf(pod));
    return exact != null ? exact : usageOn(pod, new NodeState(node));
  }

  private static Map<String, String> annotationsOf(Pod pod) {
    return pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
        ? Map.of() : pod.getMetadata().getAnnotations();
  }

  private Assignment usageOn(Pod pod, NodeState state) {
    String podName = pod.getMetadata() == null ? "" : pod.getMetadata().getName();
    PodDemand demand;
    try {
      demand = parser.parse(pod);
    } catch (InvalidSpecException e) {
      // admitted by a real API server but not by our stricter rules: count what we can
      return requestsOnly(pod, state.nodeName());
    }
    Map<String, String> annotations = annotationsOf(pod);
    Map<Integer, List<DeviceGrant>> annotated = HamiAllocation.grants(annotations, state, podName);
    FitResult placed = state.placeBound(annotated.isEmpty() ? demand : withoutShares(demand));
    List<ContainerAssignment> containers = new ArrayList<>();
    List<ContainerAssignment> fromFit = placed instanceof FitResult.Fits f ? f.assignment().containers() : null;
    for (int c = 0; c < demand.containers().size(); c++) {
      ContainerDemand cd = demand.containers().get(c);
      List<DeviceGrant> grants = new ArrayList<>();
      Map<String, Long> countable = new LinkedHashMap<>();
      if (fromFit != null) {
        grants.addAll(fromFit.get(c).grants());
        countable.putAll(fromFit.get(c).countable());
      } else {
        for (AcceleratorDemand a : cd.accelerators()) {
          if (a.kind() == DemandKind.COUNTABLE) {
            countable.merge(a.resource(), a.count(), Long::sum);
          }
        }
      }
      String resource = null;
      for (AcceleratorDemand a : cd.accelerators()) {
        if (resource == null && (a.kind() == DemandKind.SHARE || a.kind() == DemandKind.WHOLE)) {
          resource = a.resource();
        }
      }
      for (DeviceGrant g : annotated.getOrDefault(c, List.of())) {
        grants.add(resource == null ? g : new DeviceGrant(g.deviceIndex(), g.deviceId(), resource, null, g.memoryMiB(),
            g.cores(), g.exclusive()));
      }
      containers.add(new ContainerAssignment(cd.name(), grants, countable));
    }
    return new Assignment(state.nodeName(), demand.cpuMilli(), demand.memoryBytes(), containers);
  }

  /** With HAMi annotations the shares are known exactly; only the rest is placed by fit. */
  private static PodDemand withoutShares(PodDemand d) {
    List<ContainerDemand> cs = new ArrayList<>();
    for (ContainerDemand c : d.containers()) {
      List<AcceleratorDemand> keep = new ArrayList<>();
      for (AcceleratorDemand a : c.accelerators()) {
        if (a.kind() == DemandKind.COUNTABLE || a.kind() == DemandKind.PARTITION) {
          keep.add(a);
        }
      }
      cs.add(new ContainerDemand(c.name(), c.cpuMilli(), c.memoryBytes(), keep));
    }
    return new PodDemand(d.cpuMilli(), d.memoryBytes(), cs, d.selector(), d.nodePolicy(), d.devicePolicy(), d.resources());
  }

  /**
   * Only the CPU and memory a pod requests, with no devices: what must still be counted for a pod
   * the API server admitted but whose accelerator requests cannot be read.
   */
  public static Assignment requestsOnly(Pod pod, String nodeName) {
    long cpu = 0;
    long mem = 0;
    List<ContainerAssignment> cs = new ArrayList<>();
    if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
      for (var c : pod.getSpec().getContainers()) {
        if (c.getResources() != null) {
          Map<String, Quantity> req = c.getResources().getRequests() != null ? c.getResources().getRequests() : Map.of();
          Map<String, Quantity> lim = c.getResources().getLimits() != null ? c.getResources().getLimits() : Map.of();
          Quantity qc = req.getOrDefault("cpu", lim.get("cpu"));
          Quantity qm = req.getOrDefault("memory", lim.get("memory"));
          try {
            cpu += qc == null ? 0 : Quantities.cpuMilli(qc, "cpu");
            mem += qm == null ? 0 : Quantities.bytes(qm, "memory");
          } catch (InvalidSpecException ignored) {
            // unreadable quantities count as zero
          }
        }
        cs.add(new ContainerAssignment(c.getName() == null ? "" : c.getName(), List.of(), Map.of()));
      }
    }
    return new Assignment(nodeName, cpu, mem, cs);
  }

  private static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static boolean ready(Node node) {
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      return false;
    }
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return true; // offline manifests often carry no status conditions
    }
    for (NodeCondition c : node.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return true;
  }

  private static List<String> taints(Node node) {
    List<String> out = new ArrayList<>();
    if (node.getSpec() != null && node.getSpec().getTaints() != null) {
      for (Taint t : node.getSpec().getTaints()) {
        String kv = t.getValue() == null || t.getValue().isEmpty() ? t.getKey() : t.getKey() + "=" + t.getValue();
        out.add(kv + ":" + t.getEffect());
      }
    }
    return out;
  }
}
