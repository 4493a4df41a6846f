package io.argosy.gpu.grade;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many nodes of a cluster fall in each grade vector: what a cluster reports instead of its nodes.
 *
 * @param grades the grade definitions
 * @param counts grade vector (one grade index per dimension of {@code grades}) to node count
 */
public record GradeSummary(ResourceGrades grades, Map<List<Integer>, Integer> counts) {
  static final Comparator<List<Integer>> VECTOR_ORDER = (a, b) -> {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = Integer.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  };

  public GradeSummary {
    for (List<Integer> v : counts.keySet()) {
      if (v.size() != grades.dimensions().size()) {
        throw new IllegalArgumentException("grade vector " + v + " does not match " + grades.dimensions().size() + " dimensions");
      }
    }
    counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
  }

  public int nodes() {
    int n = 0;
    for (int c : counts.values()) {
      n += c;
    }
    return n;
  }

  /** Nodes per grade of one dimension, e.g. Karmada's per-grade node counts for cpu. */
  public int[] nodesPerGrade(String dimension) {
    int j = grades.index(dimension);
    if (j < 0) {
      throw new IllegalArgumentException("no dimension " + dimension);
    }
    int[] out = new int[grades.dimensions().get(j).mins().size()];
    counts.forEach((v, c) -> out[v.get(j)] += c);
    return out;
  }
}
