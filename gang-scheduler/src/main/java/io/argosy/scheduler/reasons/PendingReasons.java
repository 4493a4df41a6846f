package io.argosy.scheduler.reasons;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a pending job's reasons per cluster, Volcano style, one line per distinct reason with the
 * clusters that gave it: {@code cluster gpu-a: 3/4 tasks in gang unschedulable: insufficient
 * nvidia.com/gpu on 12 nodes, node affinity on 2}, {@code clusters gpu-b, gpu-c: cluster not ready}.
 */
public final class PendingReasons {
  private static final int NAMES_SHOWN = 5;

  private PendingReasons() {}

  /** One line per distinct (prefix, reason): affinity terms in the order tried, clusters by name. */
  public static List<String> lines(List<Labelled> failures) {
    Map<String, List<String>> byReason = new LinkedHashMap<>();
    List<String> prefixes = new ArrayList<>();
    for (Labelled f : failures) {
      if (!prefixes.contains(f.prefix())) {
        prefixes.add(f.prefix());
      }
    }
    List<Labelled> sorted = new ArrayList<>(failures);
    sorted.sort(java.util.Comparator.<Labelled>comparingInt(f -> prefixes.indexOf(f.prefix()))
        .thenComparing(f -> f.failure().cluster()));
    for (Labelled f : sorted) {
      String key = f.prefix() + "\u0000" + f.failure().reason();
      List<String> names = byReason.computeIfAbsent(key, k -> new ArrayList<>());
      if (!names.contains(f.failure().cluster())) {
        names.add(f.failure().cluster());
      }
    }
    List<String> out = new ArrayList<>(byReason.size());
    byReason.forEach((key, names) -> {
      int cut = key.indexOf('\u0000');
      String prefix = key.substring(0, cut);
      String reason = key.substring(cut + 1);
      out.add(prefix + clusters(names) + ": " + reason);
    });
    return out;
  }

  private static String clusters(List<String> names) {
    if (names.size() == 1) {
      return "cluster " + names.get(0);
    }
    StringBuilder b = new StringBuilder("clusters ");
    for (int i = 0; i < names.size() && i < NAMES_SHOWN; i++) {
      b.append(i == 0 ? "" : ", ").append(names.get(i));
    }
    if (names.size() > NAMES_SHOWN) {
      b.append(" (+").append(names.size() - NAMES_SHOWN).append(" more)");
    }
    return b.toString();
  }

  /**
   * A cluster failure with the affinity it was tried under, for jobs with ordered
   * {@code clusterAffinities} ({@code affinity gpu-first: cluster a: ...}); empty prefix otherwise.
   */
  public record Labelled(String prefix, ClusterFailure failure) {}
}
