package io.argosy.gpu.frag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The fast measure agrees with a literal reading of the per-class definition. */
class FragmentationPropertiesTest {

  private static final String[] MODELS = {"A", "B", "C"};

  @Property(tries = 300)
  void matchesThePerClassDefinition(
      @ForAll("mixes") List<TaskClass> classes,
      @ForAll("gpus") int[] free,
      @ForAll("cpu") long cpuFree,
      @ForAll("model") String model) {
    WorkloadMix mix = WorkloadMix.of(classes);
    double expected = literal(mix, model, cpuFree, free);
    double actual = Fragmentation.fragmentation(mix, model, cpuFree, free);
    assertThat(actual).isCloseTo(expected, within(1e-6));
    long total = 0;
    for (int f : free) {
      total += f;
    }
    assertThat(actual).isBetween(0.0, (double) total);
  }

  @Property(tries = 300)
  void fragmentationAfterEqualsTheMeasureOfTheChangedNode(
      @ForAll("mixes") List<TaskClass> classes,
      @ForAll("gpus") int[] free,
      @ForAll("cpu") long cpuFree,
      @ForAll("model") String model,
      @ForAll("share") int share,
      @ForAll("cpu") long taskCpu) {
    WorkloadMix mix = WorkloadMix.of(classes);
    int m = mix.modelIndex(model);
    int mask = 0;
    int[] after = free.clone();
    for (int g = 0; g < free.length; g++) {
      if (free[g] >= share && (g % 2 == 0)) {
        mask |= 1 << g;
        after[g] -= share;
      }
    }
    long cpuAfter = Math.max(0, cpuFree - taskCpu);
    long used = cpuFree - cpuAfter;
    assertThat(Fragmentation.fragmentationAfter(mix, m, cpuFree, free, free.length, used, mask, share))
        .isCloseTo(Fragmentation.fragmentation(mix, m, cpuAfter, after, after.length), within(1e-6));
    assertThat(Fragmentation.placementDelta(mix, m, cpuFree, free, free.length, used, mask, share))
        .isCloseTo(
            Fragmentation.fragmentation(mix, m, cpuAfter, after, after.length)
                - Fragmentation.fragmentation(mix, m, cpuFree, free, free.length),
            within(1e-6));
  }

  /** The definition read literally, one class at a time. */
  private static double literal(WorkloadMix mix, String model, long cpuFree, int[] free) {
    long total = 0;
    for (int f : free) {
      total += f;
    }
    double frag = 0;
    for (TaskClass c : mix.classes()) {
      boolean access = c.allowedModels().isEmpty() || c.allowedModels().contains(model);
      int fit = 0;
      long small = 0;
      for (int f : free) {
        if (f >= c.gpuMilliPerGpu()) {
          fit++;
        } else {
          small += f;
        }
      }
      boolean usable = !c.cpuOnly() && access && c.cpuMilli() <= cpuFree && fit >= c.gpuCount();
      frag += c.weight() * (usable ? small : total);
    }
    return frag;
  }

  @Provide
  Arbitrary<List<TaskClass>> mixes() {
    Arbitrary<TaskClass> one =
        Combinators.combine(
                Arbitraries.longs().between(0, 16).map(x -> x * 1000),
                Arbitraries.of(0, 1, 1, 1, 2, 4, 8),
                Arbitraries.of(100, 250, 300, 500, 1000, 1000),
                Arbitraries.subsetOf(MODELS).map(s -> s.size() == MODELS.length ? Set.<String>of() : s),
                Arbitraries.integers().between(1, 20))
            .as(
                (cpu, n, share, models, w) ->
                    new TaskClass(cpu, n, n == 0 ? 0 : (n > 1 ? 1000 : share), models, w));
    return one.list().ofMinSize(1).ofMaxSize(8).map(ArrayList::new);
  }

  @Provide
  Arbitrary<int[]> gpus() {
    return Arbitraries.of(0, 100, 250, 500, 700, 1000, 1000)
        .array(int[].class)
        .ofMinSize(0)
        .ofMaxSize(8);
  }

  @Provide
  Arbitrary<Long> cpu() {
    return Arbitraries.longs().between(0, 20).map(x -> x * 1000);
  }

  @Provide
  Arbitrary<String> model() {
    return Arbitraries.of("A", "B", "C", "D");
  }

  @Provide
  Arbitrary<Integer> share() {
    return Arbitraries.of(100, 500, 1000);
  }
}
