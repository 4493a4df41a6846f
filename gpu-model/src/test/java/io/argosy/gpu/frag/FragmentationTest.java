package io.argosy.gpu.frag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.argosy.gpu.InvalidSpecException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Hand-computed values from the paper's definition (section 3: fragmentation of a node). */
class FragmentationTest {

  private static final long CPU = 64_000;
  private static final TaskClass WHOLE = TaskClass.of(4_000, 1, 1000, 1);
  private static final TaskClass HALF = TaskClass.of(4_000, 1, 500, 1);
  private static final WorkloadMix WHOLE_AND_HALF = WorkloadMix.of(List.of(WHOLE, HALF));

  @Test
  void wholeGpuClassSeesTheHalfGpuAsFragmentHalfGpuClassSeesNone() {
    // whole: one GPU with >= 1000 free, so the 500 on GPU 1 is unusable; half: GPUs 0 and 1 both
    // serve it, GPU 2 has nothing free. 0.5 * 500 + 0.5 * 0 = 250.
    int[] free = {1000, 500, 0};
    assertThat(Fragmentation.fragmentation(WHOLE_AND_HALF, "G2", CPU, free)).isEqualTo(250.0);
  }

  @Test
  void placingTheHalfTaskOnTheHalfFreeGpuRemovesTheFragment() {
    int[] free = {1000, 500, 0};
    int m = WHOLE_AND_HALF.modelIndex("G2");
    // on GPU 1: [1000, 0, 0] -> whole 0, half 0 -> 0, delta -250
    assertThat(Fragmentation.placementDelta(WHOLE_AND_HALF, m, CPU, free, 3, 4_000, 0b010, 500))
        .isEqualTo(-250.0);
    // on GPU 0: [500, 500, 0] -> no whole GPU left: whole sees all 1000; half sees 0 -> 500, delta +250
    assertThat(Fragmentation.placementDelta(WHOLE_AND_HALF, m, CPU, free, 3, 4_000, 0b001, 500))
        .isEqualTo(250.0);
    assertThat(Fragmentation.fragmentationAfter(WHOLE_AND_HALF, m, CPU, free, 3, 4_000, 0b001, 500))
        .isEqualTo(500.0);
    assertThat(free).containsExactly(1000, 500, 0); // the input is not touched
  }

  @Test
  void cpuOnlyTasksCannotUseAnyGpu() {
    WorkloadMix mix = WorkloadMix.of(List.of(TaskClass.of(2_000, 0, 0, 1), WHOLE));
    // cpu-only: all 1500 free; whole: 500 -> 0.5 * 1500 + 0.5 * 500
    assertThat(Fragmentation.fragmentation(mix, "G2", CPU, new int[] {1000, 500, 0}))
        .isEqualTo(1000.0);
  }

  @Test
  void aClassThatLacksCpuSeesEveryFreeGpuAsFragment() {
    WorkloadMix mix = WorkloadMix.of(List.of(TaskClass.of(8_000, 1, 1000, 3), HALF.withWeight(1)));
    int[] free = {1000, 1000};
    // 4000 free CPU: the 8-core class lacks CPU (0.75 * 2000); the half class fits (0.25 * 0)
    assertThat(Fragmentation.fragmentation(mix, "G2", 4_000, free)).isEqualTo(1500.0);
    // 8000 free CPU: both fit, nothing is fragment
    assertThat(Fragmentation.fragmentation(mix, "G2", 8_000, free)).isEqualTo(0.0);
  }

  @Test
  void aClassRestrictedToOtherModelsSeesEveryFreeGpuAsFragment() {
    TaskClass t4Only = new TaskClass(1_000, 1, 1000, Set.of("T4"), 1);
    WorkloadMix mix = WorkloadMix.of(List.of(t4Only, HALF));
    int[] free = {1000, 300};
    // on a G2: t4Only no access (0.5 * 1300); half: 300 < 500 -> 0.5 * 300
    assertThat(Fragmentation.fragmentation(mix, "G2", CPU, free)).isEqualTo(800.0);
    // on a T4: t4Only uses GPU 0 (0.5 * 300); half 0.5 * 300
    assertThat(Fragmentation.fragmentation(mix, "T4", CPU, free)).isEqualTo(300.0);
    assertThat(mix.modelIndex("G2")).isEqualTo(WorkloadMix.OTHER_MODEL);
    assertThat(mix.modelIndex("T4")).isNotEqualTo(WorkloadMix.OTHER_MODEL);
  }

  @Test
  void multiGpuClassNeedsEnoughWholeGpus() {
    WorkloadMix two = WorkloadMix.of(List.of(TaskClass.of(1_000, 2, 1000, 1)));
    assertThat(Fragmentation.fragmentation(two, "G2", CPU, new int[] {1000, 1000, 300, 0}))
        .isEqualTo(300.0);
    assertThat(Fragmentation.fragmentation(two, "G2", CPU, new int[] {1000, 700, 300}))
        .isEqualTo(2000.0);
  }

  @Test
  void aNodeWithNothingFreeHasNoFragmentation() {
    assertThat(Fragmentation.fragmentation(WHOLE_AND_HALF, "G2", CPU, new int[] {0, 0})).isZero();
    assertThat(Fragmentation.fragmentation(WHOLE_AND_HALF, "G2", CPU, new int[0])).isZero();
  }

  @Test
  void onlyTheFirstGpuCountEntriesAreRead() {
    int[] free = {1000, 500, 0, 999};
    assertThat(Fragmentation.fragmentation(WHOLE_AND_HALF, 0, CPU, free, 3)).isEqualTo(250.0);
    assertThatThrownBy(() -> Fragmentation.fragmentation(WHOLE_AND_HALF, 0, CPU, free, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void weightsAreNormalised() {
    WorkloadMix mix = WorkloadMix.of(List.of(WHOLE.withWeight(30), HALF.withWeight(10)));
    assertThat(mix.classes()).extracting(TaskClass::weight).containsExactly(0.75, 0.25);
    assertThat(Fragmentation.fragmentation(mix, "x", CPU, new int[] {1000, 500, 0}))
        .isCloseTo(375.0, within(1e-9));
  }

  @Test
  void cpuStrandedGpuIsTheFreeGpuTheFreeCpuCannotFeed() {
    // popularity-weighted 10 cores per GPU: (0.5 * 8000 + 0.5 * 6000) / (0.5 * 1000 + 0.5 * 500)
    WorkloadMix mix =
        WorkloadMix.of(
            List.of(TaskClass.of(8_000, 1, 1000, 1), TaskClass.of(6_000, 1, 500, 1), TaskClass.of(50_000, 0, 0, 5)));
    assertThat(mix.cpuPerGpu()).isCloseTo(14_000.0 / 1500, within(1e-12));
    // 3 free GPUs, 14 cores: 14000 / 9.333 = 1500 milli-GPU fed, 1500 stranded
    assertThat(Fragmentation.cpuStranded(mix, 14_000, 3000)).isCloseTo(1500.0, within(1e-9));
    assertThat(Fragmentation.cpuStranded(mix, 40_000, 3000)).isZero();
    assertThat(Fragmentation.cpuStranded(mix, 0, 500)).isEqualTo(500.0);
    WorkloadMix cpuOnly = WorkloadMix.of(List.of(TaskClass.of(1_000, 0, 0, 1)));
    assertThat(Fragmentation.cpuStranded(cpuOnly, 0, 8000)).isZero();
  }

  @Test
  void badClassesAreRejectedNamingTheField() {
    assertThatThrownBy(() -> TaskClass.of(-1, 1, 1000, 1))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("cpuMilli:");
    assertThatThrownBy(() -> TaskClass.of(1, 1, 1500, 1))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("gpuMilliPerGpu:");
    assertThatThrownBy(() -> TaskClass.of(1, 1, 0, 1))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("gpuMilliPerGpu:");
    assertThatThrownBy(() -> TaskClass.of(1, 1, 100, Double.NaN))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("weight:");
    assertThatThrownBy(() -> WorkloadMix.of(List.of()))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("classes:");
    assertThatThrownBy(() -> WorkloadMix.of(List.of(WHOLE.withWeight(0))))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("classes:");
  }
}
