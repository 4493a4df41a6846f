package io.argosy.agent;

import io.argosy.api.PodBinding;
import io.argosy.gpu.fit.Assignment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Capacity bindings hold between their acceptance and the informer seeing their pods, per binding
 * and, for the fit re-check, per node: the re-check reads one node's reservations without walking
 * every binding in flight (thousands under load). Loop thread only.
 */
final class Reservations {
  /** One binding's pods not yet seen by the informer, by pod key. */
  record Reservation(String jobId, Map<String, PodBinding> pods) {}

  private final Map<String, Reservation> byBinding = new LinkedHashMap<>();
  /** node → (binding id + pod key) → what that pod holds there. */
  private final Map<String, Map<String, Assignment>> byNode = new HashMap<>();

  void put(String bindingId, String jobId, Map<String, PodBinding> pods) {
    remove(bindingId);
    Reservation r = new Reservation(jobId, new LinkedHashMap<>(pods));
    byBinding.put(bindingId, r);
    r.pods().forEach((key, pb) -> byNode.computeIfAbsent(pb.node(), n -> new LinkedHashMap<>()).put(bindingId + "|" + key, pb.assignment()));
  }

  boolean isEmpty() {
    return byBinding.isEmpty();
  }

  Set<String> bindingIds() {
    return byBinding.keySet();
  }

  /** The informer saw the pod: its capacity is counted from the pod now. */
  void podSeen(String bindingId, String podKey) {
    Reservation r = byBinding.get(bindingId);
    if (r == null) {
      return;
    }
    PodBinding pb = r.pods().remove(podKey);
    if (pb != null) {
      unindex(bindingId, podKey, pb);
    }
    if (r.pods().isEmpty()) {
      byBinding.remove(bindingId);
    }
  }

  void remove(String bindingId) {
    Reservation r = byBinding.remove(bindingId);
    if (r != null) {
      r.pods().forEach((key, pb) -> unindex(bindingId, key, pb));
    }
  }

  /** Removes the reservations {@code covered} selects (binding id, reservation); returns them. */
  List<Reservation> removeIf(BiPredicate<String, Reservation> covered) {
    List<String> ids = new ArrayList<>();
    byBinding.forEach((id, r) -> {
      if (covered.test(id, r)) {
        ids.add(id);
      }
    });
    List<Reservation> removed = new ArrayList<>();
    for (String id : ids) {
      removed.add(byBinding.get(id));
      remove(id);
    }
    return removed;
  }

  /** What the bindings in flight hold on {@code node}. */
  Collection<Assignment> heldOn(String node) {
    Map<String, Assignment> m = byNode.get(node);
    return m == null ? List.of() : m.values();
  }

  private void unindex(String bindingId, String podKey, PodBinding pb) {
    Map<String, Assignment> m = byNode.get(pb.node());
    if (m != null) {
      m.remove(bindingId + "|" + podKey);
      if (m.isEmpty()) {
        byNode.remove(pb.node());
      }
    }
  }
}
