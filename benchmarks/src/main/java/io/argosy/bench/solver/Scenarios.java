package io.argosy.bench.solver;

import java.nio.file.Path;

/** Scenario instances by family name, for the comparison main and the JMH benchmarks. */
final class Scenarios {

  static final String DEFAULT_PODS = "openb_pod_list_multigpu50.csv";

  private Scenarios() {}

  /** The openb trace directory: {@code <argosy.shared>/traces/openb}, {@code argosy.shared} defaulting to {@code ../shared}. */
  static Path openbDir() {
    return Path.of(System.getProperty("argosy.shared", "../shared")).resolve("traces").resolve("openb");
  }

  static Scenario generate(String family, long seed, Path traceDir, String podFile) {
    return switch (family.strip()) {
      case MixedFleetScenario.FAMILY -> MixedFleetScenario.generate(seed);
      case OpenbScenario.FAMILY -> OpenbScenario.generate(seed, traceDir, podFile);
      default -> throw new IllegalArgumentException("unknown scenario family '" + family + "' (mixed-8, openb-8)");
    };
  }
}
