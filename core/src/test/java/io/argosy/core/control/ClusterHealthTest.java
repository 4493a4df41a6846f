package io.argosy.core.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.queue.placement.ClusterToleration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterHealthTest {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final Duration EVICTION = Duration.ofSeconds(30);

  static ClusterRecord cluster(boolean connected, long sequence, Instant notReadySince) {
    ClusterRecord c = new ClusterRecord("c");
    c.connected = connected;
    c.sequence = sequence;
    c.notReadySince = notReadySince;
    return c;
  }

  @Test
  void statusFollowsTheAgent() {
    assertThat(ClusterHealth.status(cluster(true, 3, null))).isEqualTo(ClusterHealth.Status.READY);
    assertThat(ClusterHealth.status(cluster(true, -1, T0))).as("connected, no snapshot yet").isEqualTo(ClusterHealth.Status.NOT_READY);
    assertThat(ClusterHealth.status(cluster(false, -1, T0))).isEqualTo(ClusterHealth.Status.UNKNOWN);
    ClusterRecord silent = cluster(true, 3, T0);
    silent.silent = true;
    assertThat(ClusterHealth.status(silent)).isEqualTo(ClusterHealth.Status.UNKNOWN);
  }

  @Test
  void noScheduleAtOnceThenNoExecuteAfterTheEvictionTimeout() {
    assertThat(ClusterHealth.taints(cluster(true, 3, null), T0, EVICTION)).isEmpty();
    ClusterRecord lost = cluster(false, -1, T0);
    assertThat(ClusterHealth.taints(lost, T0.plusSeconds(29), EVICTION)).containsExactly("cluster.karmada.io/unreachable:NoSchedule");
    assertThat(ClusterHealth.taints(lost, T0.plusSeconds(30), EVICTION))
        .containsExactly("cluster.karmada.io/unreachable:NoSchedule", "cluster.karmada.io/unreachable:NoExecute");
    assertThat(ClusterHealth.taints(cluster(true, -1, T0), T0.plusSeconds(31), EVICTION))
        .containsExactly("cluster.karmada.io/not-ready:NoSchedule", "cluster.karmada.io/not-ready:NoExecute");
    assertThat(ClusterHealth.noExecuteAt(lost, EVICTION)).isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void tolerationsDelayOrPreventEviction() {
    String key = ClusterHealth.UNREACHABLE;
    assertThat(ClusterHealth.evictAt(List.of(), key, T0)).isEqualTo(T0);
    assertThat(ClusterHealth.evictAt(List.of(new ClusterToleration("other", "Exists", null, "NoExecute", null)), key, T0))
        .isEqualTo(T0);
    assertThat(ClusterHealth.evictAt(List.of(new ClusterToleration(key, "Exists", null, "NoSchedule", null)), key, T0))
        .as("a NoSchedule toleration does not keep a gang on a NoExecute cluster").isEqualTo(T0);
    assertThat(ClusterHealth.evictAt(List.of(new ClusterToleration(key, "Exists", null, "NoExecute", 300L)), key, T0))
        .isEqualTo(T0.plusSeconds(300));
    assertThat(ClusterHealth.evictAt(List.of(new ClusterToleration(key, "Exists", null, "", 60L)), key, T0))
        .as("an empty effect matches NoExecute too").isEqualTo(T0.plusSeconds(60));
    assertThat(ClusterHealth.evictAt(List.of(new ClusterToleration(key, "Exists", null, "NoExecute", null)), key, T0))
        .as("no tolerationSeconds: stays").isNull();
    assertThat(ClusterHealth.evictAt(List.of(new ClusterToleration("", "Exists", null, null, null)), key, T0))
        .as("tolerates everything").isNull();
  }
}
