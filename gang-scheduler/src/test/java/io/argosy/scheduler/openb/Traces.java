package io.argosy.scheduler.openb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The shared openb folder (surefire sets {@code argosy.shared}) and small subsamples of it. */
final class Traces {

  private Traces() {}

  static Path dir() {
    String shared = System.getProperty("argosy.shared", "../../shared");
    return Path.of(shared).resolve("traces").resolve("openb");
  }

  static Path nodes() {
    return dir().resolve("openb_node_list_gpu_node.csv");
  }

  static Path pods(String variant) {
    return dir().resolve("openb_pod_list_" + variant + ".csv");
  }

  /**
   * Every k-th node and every k-th pod of a variant: a cluster 1/k the size with the same mix, for
   * fast deterministic runs.
   */
  static OpenbData subsample(String variant, int k) {
    List<TraceNode> nodes = every(OpenbTrace.loadNodes(nodes()), k);
    List<TracePod> pods = every(OpenbTrace.loadPods(pods(variant)), k);
    return new OpenbData(variant, nodes, pods);
  }

  static <T> List<T> every(List<T> all, int k) {
    List<T> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += k) {
      out.add(all.get(i));
    }
    return out;
  }
}
