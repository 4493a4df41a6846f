package io.argosy.scheduler.openb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Buckets as analysis_allo_discrete computes them. */
class AllocationCurveTest {

  @Test
  void aBucketIsTheMeanAllocatedShareOverArrivalsRoundingToIt() {
    AllocationCurve c = new AllocationCurve(100); // 100 GPUs: 1000 milli = 1%
    c.record(98_000, 97_000); // 98% arrived
    c.record(99_600, 97_500); // rounds to 100
    c.record(100_000, 98_000); // 100
    c.record(100_400, 98_200); // 100
    c.record(100_600, 98_300); // 101
    assertThat(c.bucket(100)).isEqualTo(97.9); // (97.5 + 98.0 + 98.2) / 3
    assertThat(c.bucket(98)).isEqualTo(97.0);
    assertThat(c.bucket(101)).isEqualTo(98.3);
  }

  @Test
  void anEmptyBucketFallsBackToItsNeighboursAndThenToNaN() {
    AllocationCurve c = new AllocationCurve(100);
    c.record(96_000, 90_000);
    c.record(98_000, 92_000);
    assertThat(c.bucket(97)).isEqualTo(91.0); // 96 and 98 are within 97 +- 1
    assertThat(c.bucket(130)).isNaN();
  }

  @Test
  void roundingIsHalfEvenLikePython() {
    AllocationCurve c = new AllocationCurve(1000); // 1000 GPUs: 10_000 milli = 1%
    c.record(995_000, 0); // 99.5% arrived rounds to 100 (even)
    c.record(1_005_000, 0); // 100.5% rounds to 100 (even)
    c.record(1_015_000, 500_000); // 101.5% rounds to 102
    assertThat(c.arrivedPercent(0)).isEqualTo(100);
    assertThat(c.arrivedPercent(1)).isEqualTo(100);
    assertThat(c.arrivedPercent(2)).isEqualTo(102);
    assertThat(c.bucket(100)).isEqualTo(0.0);
    assertThat(AllocationCurve.round2(0.125)).isEqualTo(0.12);
    assertThat(AllocationCurve.round2(0.375)).isEqualTo(0.38);
  }
}
