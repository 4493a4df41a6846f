package io.argosy.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Regressions found by core's fuzz test: huge exponents, amounts that wrapped around, odd spellings. */
class QuantityBoundsTest {
  @Test
  void hugeExponentsAreRefusedAtOnceInsteadOfBuildingMillionDigitNumbers() {
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      for (String s : new String[] {"1e999999999", "54.536e999999", "1e-999999", "9e99999Ei"}) {
        assertThatThrownBy(() -> Quantities.parse(s, "cpu")).isInstanceOf(InvalidSpecException.class)
            .hasMessageContaining("cpu").hasMessageContaining("not a quantity");
      }
    });
    assertThat(Quantities.cpuMilli(Quantities.parse("1e-999", "cpu"), "cpu")).isEqualTo(1);
  }

  @Test
  void amountsAbove2To53AreRefusedNotWrapped() {
    long max = Quantities.MAX_AMOUNT;
    assertThat(Quantities.wholeCount(Quantities.parse(Long.toString(max), "n"), "n", "a count")).isEqualTo(max);
    for (String s : new String[] {Long.toString(max + 1), "9E", "99999999999999999999999Ei", "9223372036854775807"}) {
      assertThatThrownBy(() -> Quantities.bytes(Quantities.parse(s, "memory"), "memory"))
          .isInstanceOf(InvalidSpecException.class).hasMessageContaining("too large");
    }
    assertThatThrownBy(() -> Quantities.cpuMilli(Quantities.parse("9999999999999Ki", "cpu"), "cpu"))
        .hasMessageContaining("too large");
    assertThatThrownBy(() -> Quantities.deviceMemoryMiB(Quantities.parse("9007199254740991", "gpumem"), "gpumem", 1024))
        .hasMessageContaining("too large");
  }

  @Test
  void spellingsOutsideKubernetesGrammarAreRefused() {
    for (String s : new String[] {"1.5.5", "1 Gi", "10%", "0x10", "NaN", "Infinity", "1_000", "١", "Gi", "e3", "1" + "0".repeat(80)}) {
      assertThatThrownBy(() -> Quantities.parse(s, "q")).as(s).isInstanceOf(InvalidSpecException.class);
    }
    for (String s : new String[] {"1", "+5", "500m", "0.5", ".5", "5.", "2Gi", "1e3", "1E-3", "8Ei"}) {
      assertThat(Quantities.parse(s, "q")).as(s).isNotNull();
    }
  }
}
