package io.argosy.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.core.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code argosy demo} as a newcomer runs it (faster simulated time): every job succeeds, exactly one preemption. */
class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void theDemoRunsEveryExampleJobAndPreemptsOnce() {
    Path root = Path.of(System.getProperty("argosy.root", ".."));
    Cli.Run r = Cli.run("demo", "--port", "0", "--time-scale", "0.3", "--timeout", "150s", "--data", dir.toString(),
        "--fleet", root.resolve("examples/fleet.yaml").toString(), "--jobs", root.resolve("examples/jobs").toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("demo finished: 8 jobs succeeded")
        .contains("Preemptions: 1\n  default/sweep-low: preempted by default/llm-finetune")
        .contains("JOB", "CLUSTER", "NODES", "DEVICES")
        .containsPattern("default/sweep-low\\s+training\\s+aws-us-east\\s+a100-\\{0\\.\\.3\\}\\s+32 x A100-80GB\\s+Succeeded")
        .containsPattern("default/llm-finetune\\s+training\\s+aws-us-east\\s+\\S+\\s+16 x A100-80GB\\s+Succeeded")
        .containsPattern("default/ascend-pretrain\\s+default\\s+idc-cn-north")
        .containsPattern("default/mig-inference\\s+inference\\s+aws-us-east\\s+h100-mig")
        .containsPattern("default/vgpu-notebook-a\\s+inference\\s+gcp-eu-west\\s+l40s-vgpu")
        .contains("Capacity now:");
    assertThat(r.out().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(120));
  }
}
