package io.argosy.scheduler.openb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.frag.TaskClass;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenbDataTest {

  @Test
  void theTypicalMixIsThePaperTypicalPods() {
    OpenbData d = OpenbData.load(Traces.nodes(), Traces.pods("default"));
    assertThat(d.variant()).isEqualTo("default");
    assertThat(d.totalGpus()).isEqualTo(6212);
    List<TaskClass> mix = d.typicalMix().classes();
    // most popular classes covering 95% of the 8152 pods, CPU-only pods included
    assertThat(mix).hasSize(35);
    assertThat(mix.get(0).withWeight(1)).isEqualTo(TaskClass.of(3152, 1, 810, 1));
    assertThat(mix.get(0).weight()).isBetween(0.13, 0.14);
    assertThat(mix).anyMatch(TaskClass::cpuOnly);
    assertThat(mix).noneMatch(c -> c.gpuCount() > 1); // multi-GPU pods are rarer than the cut
  }

  @Test
  void configRejectsUnknownPoliciesAndBadNumbers() {
    assertThatThrownBy(
            () ->
                new OpenbBenchmark.Config(
                    List.of("tetris"), List.of(42L), 1.3, 1, 1, OpenbSimulation.TieBreak.NODE_ORDER))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("policy: unknown policy 'tetris'");
    assertThatThrownBy(
            () -> new OpenbBenchmark.Config(List.of("fgd"), List.of(42L), 0, 1, 1, null))
        .hasMessageStartingWith("tune:");
    assertThatThrownBy(
            () -> new OpenbBenchmark.Config(List.of("fgd"), List.of(42L), 1.3, 0, 1, null))
        .hasMessageStartingWith("clusters:");
    assertThat(Policies.canonical("Best-Fit")).isEqualTo("bestfit");
    assertThat(Policies.canonical("gpu_packing")).isEqualTo("packing");
  }

  @Test
  void meanAndSampleStandardDeviation() {
    assertThat(OpenbBenchmark.mean(new double[] {1, 2, 3, 4})).isEqualTo(2.5);
    assertThat(OpenbBenchmark.std(new double[] {1, 2, 3, 4})).isCloseTo(1.2910, org.assertj.core.api.Assertions.within(1e-4));
    assertThat(OpenbBenchmark.std(new double[] {5})).isZero();
    // a run with no arrival near the share is skipped, as pandas skips NaN
    assertThat(OpenbBenchmark.mean(new double[] {1, Double.NaN, 3})).isEqualTo(2.0);
    assertThat(OpenbBenchmark.mean(new double[] {Double.NaN})).isNaN();
  }
}
