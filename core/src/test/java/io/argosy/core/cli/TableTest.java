package io.argosy.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void columnsAreAlignedUnderTheirHeaders() {
    String t = new Table("NAME", "STATE").row("default/a", "Running").row("b", "Pending").render();
    assertThat(t).isEqualTo("""
        NAME        STATE
        default/a   Running
        b           Pending
        """);
  }

  @Test
  void tooWideTablesCutTheWidestColumn() {
    String reason = "cluster a: 1/3 tasks in gang unschedulable: insufficient nvidia.com/gpu on 12 nodes, node affinity on 2"
        + " nodes; cluster b: not ready";
    String t = new Table("NAME", "STATE", "REASON").row("default/job", "Pending", reason).render();
    assertThat(t.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(Table.WIDTH));
    assertThat(t).contains("default/job   Pending   cluster a: 1/3").contains("...");
  }

  @Property(tries = 200, seed = "42")
  void noLineIsWiderThan120(@ForAll @IntRange(min = 1, max = 8) int cols, @ForAll @StringLength(max = 80) String cell) {
    String[] headers = new String[cols];
    Object[] row = new Object[cols];
    for (int i = 0; i < cols; i++) {
      headers[i] = "H" + i;
      row[i] = cell + i;
    }
    String t = new Table(headers).row(row).row(row).render();
    assertThat(t.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(Table.WIDTH));
  }

  @Test
  void quantitiesAreShownInKubernetesUnits() {
    assertThat(Quantities.format("cpu", 64_000)).isEqualTo("64");
    assertThat(Quantities.format("cpu", 500)).isEqualTo("500m");
    assertThat(Quantities.format("memory", 256L << 30)).isEqualTo("256Gi");
    assertThat(Quantities.format("memory", 8L << 40)).isEqualTo("8Ti");
    assertThat(Quantities.format("nvidia.com/gpu", 32)).isEqualTo("32");
  }

  @Test
  void nodesAreCompacted() {
    var pods = java.util.stream.Stream.of("a100-3", "a100-0", "a100-1", "a100-2", "cpu-1", "cpu-3", "h100")
        .map(n -> new io.argosy.core.view.PodView("p", "t", "c", n, java.util.List.of(), "", "Running", null)).toList();
    assertThat(Render.nodes(pods)).isEqualTo("h100,a100-{0..3},cpu-{1,3}");
  }
}
