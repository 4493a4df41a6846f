package io.argosy.bench.solver;

import io.argosy.solver.model.GangRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The order a queue layer releases gangs in, approximated the way Volcano's priority and
 * proportion plugins behave together: higher priority first; within a priority, queues take turns
 * (round robin stands in for fair share between equally weighted queues); within a queue, arrival
 * order.
 */
final class GangOrder {

  private GangOrder() {}

  static List<GangRequest> order(List<GangRequest> arrivals) {
    TreeMap<Integer, Map<String, List<GangRequest>>> tiers = new TreeMap<>((a, b) -> Integer.compare(b, a));
    for (GangRequest g : arrivals) {
      tiers.computeIfAbsent(g.priority(), p -> new LinkedHashMap<>())
          .computeIfAbsent(g.queue(), q -> new ArrayList<>())
          .add(g);
    }
    List<GangRequest> out = new ArrayList<>(arrivals.size());
    for (Map<String, List<GangRequest>> queues : tiers.values()) {
      List<List<GangRequest>> lists = new ArrayList<>(queues.values());
      int[] at = new int[lists.size()];
      boolean any = true;
      while (any) {
        any = false;
        for (int q = 0; q < lists.size(); q++) {
          if (at[q] < lists.get(q).size()) {
            out.add(lists.get(q).get(at[q]++));
            any = true;
          }
        }
      }
    }
    return out;
  }
}
