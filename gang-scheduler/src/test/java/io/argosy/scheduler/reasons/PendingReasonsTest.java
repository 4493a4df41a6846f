package io.argosy.scheduler.reasons;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.scheduler.reasons.PendingReasons.Labelled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingReasonsTest {
  @Test
  void nodeReasonsAreCountedAndOrderedByNodesThenKey() {
    NodeReasons why = new NodeReasons();
    why.add("node affinity", 2);
    why.add("insufficient nvidia.com/gpu", 12);
    why.add("insufficient cpu", 2);
    why.add("node affinity", 1);
    assertThat(ClusterFailure.unschedulable("gpu-a", 3, 4, why).line()).isEqualTo(
        "cluster gpu-a: 3/4 tasks in gang unschedulable: insufficient nvidia.com/gpu on 12 nodes, node affinity on 3 nodes, "
            + "insufficient cpu on 2 nodes");
  }

  @Test
  void clustersWithTheSameReasonShareALine() {
    List<Labelled> fs = new ArrayList<>();
    for (int i = 7; i >= 1; i--) {
      fs.add(new Labelled("", ClusterFailure.policy("c" + i, "cluster not ready")));
    }
    fs.add(new Labelled("", ClusterFailure.policy("a", "does not match clusterAffinity")));
    assertThat(PendingReasons.lines(fs)).containsExactly(
        "cluster a: does not match clusterAffinity",
        "clusters c1, c2, c3, c4, c5 (+2 more): cluster not ready");
  }
}
