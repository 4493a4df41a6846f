package io.argosy.scheduler.openb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PublishedResultsTest {

  @Test
  void readsTheFgdAuthorsResults() {
    PublishedResults r = PublishedResults.load(PublishedResults.besidePods(Traces.pods("default")));
    assertThat(r.variants()).hasSize(17).contains("default", "cpu050", "gpuspec33", "multigpu50");
    PublishedResults.Figures fgd = r.of("default", "fgd").orElseThrow();
    assertThat(fgd.seeds()).isEqualTo(10);
    assertThat(fgd.mean100()).isCloseTo(95.23, within(0.005));
    assertThat(r.of("default", "bestfit").orElseThrow().mean100()).isCloseTo(92.86, within(0.005));
    assertThat(r.of("default", "argosy")).isEmpty();
    assertThat(r.of("cpu037", "fgd")).isEmpty();
  }

  @Test
  void anAbsentFileMeansNoPublishedFigures() {
    assertThat(PublishedResults.load(Path.of("no/such/file.csv")).variants()).isEmpty();
  }

  @Test
  void paperPolicyNamesMapToOurs() {
    assertThat(PublishedResults.policyName("06-FGD")).contains("fgd");
    assertThat(PublishedResults.policyName("03-GpuClustering")).contains("clustering");
    assertThat(PublishedResults.policyName("07-Other")).isEmpty();
  }
}
