package io.argosy.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The launcher's {@code bench <name>}: an unknown benchmark is refused with exit 2 and one line, before any build. */
class LauncherBenchTest {
  @Test
  void anUnknownBenchmarkExitsTwoWithOneLineNamingTheChoices() throws Exception {
    Path launcher = Path.of(System.getProperty("user.dir")).getParent().resolve("argosy");
    assertThat(Files.isRegularFile(launcher)).as("%s", launcher).isTrue();
    Process p = new ProcessBuilder("bash", launcher.toString(), "bench", "nope").redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isEqualTo(2);
    assertThat(out.strip().lines()).containsExactly(
        "argosy bench: unknown benchmark 'nope': openb, scale, load, agent-startup, agent-heap, solver or jmh");
  }
}
