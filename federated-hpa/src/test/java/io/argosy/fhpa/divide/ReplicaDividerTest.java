package io.argosy.fhpa.divide;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ReplicaDividerTest {
  static final List<String> ABC = List.of("a", "b", "c");

  @Test
  void duplicatedGivesEveryClusterTheTotal() {
    assertThat(ReplicaDivider.divide(4, ABC, Division.DUPLICATED, Map.of(), Map.of())).containsExactly(
        Map.entry("a", 4), Map.entry("b", 4), Map.entry("c", 4));
  }

  @Test
  void staticWeightsProportionalRemainderToTheHeaviest() {
    Division d = Division.staticWeights(Map.of("a", 1, "b", 2, "c", 0));
    assertThat(ReplicaDivider.divide(10, ABC, d, Map.of(), Map.of())).containsExactly(
        Map.entry("a", 3), Map.entry("b", 7), Map.entry("c", 0));
    assertThat(ReplicaDivider.divide(5, ABC, Division.staticWeights(Map.of()), Map.of(), Map.of())).containsExactly(
        Map.entry("a", 2), Map.entry("b", 2), Map.entry("c", 1));
  }

  @Test
  void dynamicWeightDividesNewReplicasByAvailabilityAndKeepsRunningOnes() {
    Map<String, Long> avail = Map.of("a", 60L, "b", 30L, "c", 10L);
    Map<String, Integer> first = ReplicaDivider.divide(10, ABC, Division.DYNAMIC, avail, Map.of());
    assertThat(first).containsExactly(Map.entry("a", 6), Map.entry("b", 3), Map.entry("c", 1));
    // a scale-up adds only the new replicas, by what is free now (a is full)
    Map<String, Integer> up = ReplicaDivider.divide(14, ABC, Division.DYNAMIC, Map.of("a", 0L, "b", 2L, "c", 2L), first);
    assertThat(up).containsExactly(Map.entry("a", 6), Map.entry("b", 5), Map.entry("c", 3));
    // a scale-down removes in proportion to what runs
    Map<String, Integer> down = ReplicaDivider.divide(7, ABC, Division.DYNAMIC, avail, up);
    assertThat(down).containsExactly(Map.entry("a", 4), Map.entry("b", 2), Map.entry("c", 1)); // 7 × 6/14, 5/14, 3/14
  }

  @Test
  void aggregatedUsesAsFewClustersAsCapacityAllows() {
    Map<String, Long> avail = Map.of("a", 4L, "b", 8L, "c", 2L);
    assertThat(ReplicaDivider.divide(6, ABC, Division.AGGREGATED, avail, Map.of())).containsExactly(
        Map.entry("a", 0), Map.entry("b", 6), Map.entry("c", 0));
    assertThat(ReplicaDivider.divide(10, ABC, Division.AGGREGATED, avail, Map.of())).containsExactly(
        Map.entry("a", 3), Map.entry("b", 7), Map.entry("c", 0)); // b and a (8 + 4) hold 10, split 8:4; c unused
  }

  @Test
  void clustersWithoutRoomGetNothing() {
    Map<String, Long> avail = Map.of("a", 0L, "b", 5L, "c", 5L);
    assertThat(ReplicaDivider.divide(4, ABC, Division.DYNAMIC, avail, Map.of())).containsExactly(
        Map.entry("a", 0), Map.entry("b", 2), Map.entry("c", 2));
  }

  @Property(tries = 300)
  void divisionsAddUpToTheTotalAndNeverGoNegative(
      @ForAll @IntRange(min = 0, max = 500) int first, @ForAll @IntRange(min = 0, max = 500) int second,
      @ForAll @Size(3) List<@IntRange(min = 0, max = 100) Integer> available, @ForAll @IntRange(min = 0, max = 2) int mode) {
    Division d = switch (mode) {
      case 0 -> Division.DYNAMIC;
      case 1 -> Division.AGGREGATED;
      default -> Division.staticWeights(Map.of("a", available.get(0), "b", available.get(1)));
    };
    Map<String, Long> avail = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      avail.put(ABC.get(i), (long) available.get(i));
    }
    Map<String, Integer> s1 = ReplicaDivider.divide(first, ABC, d, avail, Map.of());
    Map<String, Integer> s2 = ReplicaDivider.divide(second, ABC, d, avail, s1);
    assertThat(s1.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(first);
    assertThat(s2.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(second);
    assertThat(s2.values()).allMatch(v -> v >= 0);
    if (mode < 2 && second >= first) { // incremental: nobody loses pods on a scale-up
      for (String c : ABC) {
        assertThat(s2.get(c)).isGreaterThanOrEqualTo(s1.get(c));
      }
    }
  }
}
