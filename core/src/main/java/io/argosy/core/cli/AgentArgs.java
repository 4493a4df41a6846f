package io.argosy.core.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The launched agent's fast path past picocli: reads a plain, well-formed {@code argosy agent}
 * command line into an {@link AgentCommand} as picocli would, and gives up (null) on anything else
 * (help, version, an unknown or repeated option, a missing value or required option, {@code @files},
 * {@code --}), which picocli then handles with its usual messages. picocli loads some 170 classes
 * and builds its command model reflectively (annotations, proxies, converters): 0.2-0.35 s of a
 * pull agent's 2 s start-up budget on two cores, against ~0.05 s here. {@code AgentArgsTest} checks
 * that every command line this accepts parses to the same options under picocli.
 */
final class AgentArgs {
  static final Set<String> SINGLE = Set.of("--cluster", "--kubeconfig", "--server", "--token-file", "--ca-cert");
  static final Set<String> REPEATABLE = Set.of("--label", "--taint");
  private static final Set<String> REQUIRED = Set.of("--cluster", "--server", "--token-file");

  private AgentArgs() {}

  /** The command these arguments configure, or null when picocli must read them. */
  static AgentCommand parse(String[] args) {
    AgentCommand c = new AgentCommand();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String name;
      String value;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 2) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      } else if (i + 1 < args.length) {
        name = a;
        value = args[++i];
      } else {
        return null; // a missing value
      }
      if (value.startsWith("-") || value.startsWith("@")) {
        return null; // picocli may read it as an option or a file of arguments
      }
      if (SINGLE.contains(name)) {
        if (!seen.add(name) || !set(c, name, value)) {
          return null; // given twice (picocli: "should be specified only once"), or not a path
        }
      } else if (REPEATABLE.contains(name)) {
        (name.equals("--label") ? c.labels : c.taints).add(value);
      } else {
        return null;
      }
    }
    return seen.containsAll(REQUIRED) ? c : null;
  }

  private static boolean set(AgentCommand c, String name, String value) {
    try {
      switch (name) {
        case "--cluster" -> c.cluster = value;
        case "--kubeconfig" -> c.kubeconfig = Path.of(value);
        case "--server" -> c.server = value;
        case "--token-file" -> c.tokenFile = Path.of(value);
        case "--ca-cert" -> c.caCert = Path.of(value);
        default -> throw new IllegalArgumentException(name);
      }
      return true;
    } catch (InvalidPathException e) {
      return false; // picocli names the option and the bad value
    }
  }
}
