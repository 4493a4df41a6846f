package io.argosy.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The launched agent's fast option reader agrees with picocli wherever it answers at all. */
class AgentArgsTest {
  private static final List<String> NAMES = List.of("--cluster", "--kubeconfig", "--server", "--token-file", "--ca-cert",
      "--label", "--taint", "--help", "-h", "--version", "--verbose", "cluster");
  private static final List<String> VALUES = List.of("gpu-east", "/etc/kube/config", "http://cp:8080", "a=b", "k=v:NoSchedule",
      "", "-x", "--server", "@args", "x=y=z", "rel/path");

  @Test
  void readsEveryOptionOfTheVerbAndNothingElse() {
    Set<String> verb = new HashSet<>(AgentMain.commandLine(new AgentCommand()).getCommandSpec().optionsMap().keySet());
    verb.removeAll(Set.of("-h", "--help", "-V", "--version"));
    Set<String> fast = new HashSet<>(AgentArgs.SINGLE);
    fast.addAll(AgentArgs.REPEATABLE);
    assertThat(fast).isEqualTo(verb);
  }

  @Test
  void readsAPlainCommandLineAsPicocliDoes() {
    String[] args = {"--cluster", "gpu-east", "--kubeconfig=/k/config", "--server", "https://cp:8443", "--token-file", "/t",
        "--ca-cert", "/ca.pem", "--label", "region=eu", "--label=zone=a", "--taint", "gpu=true:NoSchedule"};
    AgentCommand fast = AgentArgs.parse(args);
    assertThat(fast).isNotNull();
    assertSameAsPicocli(fast, args);
    assertThat(fast.labels).containsExactly("region=eu", "zone=a");
  }

  @Test
  void leavesHelpErrorsAndOddFormsToPicocli() {
    assertThat(AgentArgs.parse(new String[] {"--help"})).isNull();
    assertThat(AgentArgs.parse(new String[] {"--cluster", "c", "--server", "http://x"})).isNull(); // --token-file missing
    assertThat(AgentArgs.parse(new String[] {"--cluster", "c", "--cluster", "d", "--server", "s", "--token-file", "t"})).isNull();
    assertThat(AgentArgs.parse(new String[] {"--cluster", "c", "--server", "s", "--token-file"})).isNull();
    assertThat(AgentArgs.parse(new String[] {"--cluster", "c", "--server", "s", "--token-file", "t", "extra"})).isNull();
    assertThat(AgentArgs.parse(new String[] {"@opts"})).isNull();
    assertThat(AgentArgs.parse(new String[] {"--cluster", "c", "--server", "s", "--token-file", "t", "--", "x"})).isNull();
  }

  @Test
  void badInputOnTheFastPathIsOneLineAndExitCodeTwo(@TempDir Path dir) {
    AgentCommand c = AgentArgs.parse(new String[] {"--cluster", "c", "--server", "http://x", "--token-file",
        dir.resolve("missing").toString()});
    assertThat(c).isNotNull();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream before = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = AgentMain.run(c);
    } finally {
      System.setErr(before);
    }
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).strip()).startsWith("agent: --token-file: cannot read").doesNotContain("\n");
  }

  /** Random command lines from the options, values and odd forms: an answer is always picocli's. */
  @Test
  void randomCommandLinesAgreeWithPicocli() {
    Random random = new Random(42);
    int answered = 0;
    for (int n = 0; n < 5_000; n++) {
      // option groups (a name and maybe its value) in random order, with a random extra few
      List<List<String>> groups = new ArrayList<>(List.of(List.of("--cluster", "c"), List.of("--server=http://s"),
          List.of("--token-file", "/t")));
      int extra = random.nextInt(6);
      for (int i = 0; i < extra; i++) {
        String name = NAMES.get(random.nextInt(NAMES.size()));
        String value = VALUES.get(random.nextInt(VALUES.size()));
        int form = random.nextInt(5);
        groups.add(form == 0 ? List.of(name) : form == 1 ? List.of(name + "=" + value) : List.of(name, value));
      }
      Collections.shuffle(groups, random);
      List<String> args = new ArrayList<>();
      groups.forEach(args::addAll);
      String[] a = args.toArray(String[]::new);
      AgentCommand fast = AgentArgs.parse(a);
      if (fast != null) {
        answered++;
        assertSameAsPicocli(fast, a);
      }
    }
    assertThat(answered).as("command lines the fast path read").isGreaterThan(500);
  }

  private static void assertSameAsPicocli(AgentCommand fast, String[] args) {
    AgentCommand slow = new AgentCommand();
    try {
      AgentMain.commandLine(slow).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError("fast path read " + List.of(args) + " but picocli refuses it: " + e.getMessage(), e);
    }
    assertThat(fast.cluster).as("cluster of %s", List.of(args)).isEqualTo(slow.cluster);
    assertThat(fast.server).as("server of %s", List.of(args)).isEqualTo(slow.server);
    assertThat(fast.kubeconfig).as("kubeconfig of %s", List.of(args)).isEqualTo(slow.kubeconfig);
    assertThat(fast.tokenFile).as("token file of %s", List.of(args)).isEqualTo(slow.tokenFile);
    assertThat(fast.caCert).as("CA of %s", List.of(args)).isEqualTo(slow.caCert);
    assertThat(fast.labels).as("labels of %s", List.of(args)).isEqualTo(slow.labels);
    assertThat(fast.taints).as("taints of %s", List.of(args)).isEqualTo(slow.taints);
  }
}
