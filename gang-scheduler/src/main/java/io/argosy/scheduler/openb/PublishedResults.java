package io.argosy.scheduler.openb;

import io.argosy.gpu.InvalidSpecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The FGD authors' own results ({@code fgd-expected/analysis_allo_discrete.csv}: 6 policies x 17
 * trace variants x 10 seeds): the published figures our runs are compared with.
 */
public final class PublishedResults {

  /**
   * Mean and sample standard deviation over the published seeds at 100% and 130% arrived; runs
   * with an empty cell are left out of that column's figures, as pandas does.
   */
  public record Figures(int seeds, double mean100, double std100, double mean130, double std130) {}

  private final Map<String, Map<String, Figures>> byVariant;

  private PublishedResults(Map<String, Map<String, Figures>> byVariant) {
    this.byVariant = byVariant;
  }

  /** The file next to the traces: {@code <pod list's folder>/fgd-expected/analysis_allo_discrete.csv}. */
  public static Path besidePods(Path podFile) {
    Path dir = podFile.toAbsolutePath().getParent();
    return dir.resolve("fgd-expected").resolve("analysis_allo_discrete.csv");
  }

  /** Reads the file; an absent file gives empty results (no published column). */
  public static PublishedResults load(Path csv) {
    if (!Files.isRegularFile(csv)) {
      return new PublishedResults(Map.of());
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidSpecException(csv.toString(), "cannot read: " + e.getMessage());
    }
    if (lines.isEmpty()) {
      throw new InvalidSpecException(csv.getFileName().toString(), "empty file");
    }
    List<String> header = Arrays.asList(lines.get(0).split(",", -1));
    int workload = header.indexOf("workload");
    int policy = header.indexOf("sc_policy");
    int at100 = header.indexOf("100");
    int at130 = header.indexOf("130");
    if (workload < 0 || policy < 0 || at100 < 0 || at130 < 0) {
      throw new InvalidSpecException(
          csv.getFileName() + ":1", "expected columns workload, sc_policy, 100 and 130");
    }
    Map<String, Map<String, List<double[]>>> raw = new LinkedHashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] c = lines.get(i).split(",", -1);
      if (c.length < header.size()) {
        continue;
      }
      String variant = OpenbTrace.variantOf(Path.of(c[workload] + ".csv"));
      Optional<String> name = policyName(c[policy]);
      if (name.isEmpty()) {
        continue;
      }
      raw.computeIfAbsent(variant, v -> new LinkedHashMap<>())
          .computeIfAbsent(name.get(), p -> new ArrayList<>())
          .add(new double[] {number(c[at100]), number(c[at130])});
    }
    Map<String, Map<String, Figures>> out = new LinkedHashMap<>();
    raw.forEach(
        (variant, policies) -> {
          Map<String, Figures> m = new LinkedHashMap<>();
          policies.forEach(
              (p, rows) -> {
                double[] a = rows.stream().mapToDouble(r -> r[0]).toArray();
                double[] b = rows.stream().mapToDouble(r -> r[1]).toArray();
                m.put(
                    p,
                    new Figures(
                        rows.size(),
                        OpenbBenchmark.mean(a),
                        OpenbBenchmark.std(a),
                        OpenbBenchmark.mean(b),
                        OpenbBenchmark.std(b)));
              });
          out.put(variant, Map.copyOf(m));
        });
    return new PublishedResults(out);
  }

  /** A cell as a number; an empty cell (no arrival near that share in that run) is NaN. */
  private static double number(String cell) {
    return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
  }

  /** Our name for the paper's {@code sc_policy} ({@code 06-FGD} is {@code fgd}). */
  static Optional<String> policyName(String scPolicy) {
    String p = scPolicy.contains("-") ? scPolicy.substring(scPolicy.indexOf('-') + 1) : scPolicy;
    return switch (p) {
      case "Random" -> Optional.of("random");
      case "DotProd" -> Optional.of("dotprod");
      case "GpuClustering" -> Optional.of("clustering");
      case "GpuPacking" -> Optional.of("packing");
      case "BestFit" -> Optional.of("bestfit");
      case "FGD" -> Optional.of("fgd");
      default -> Optional.empty();
    };
  }

  /** The variants with published figures, e.g. {@code default}, {@code cpu050}. */
  public List<String> variants() {
    return List.copyOf(byVariant.keySet());
  }

  /** The published figures of a policy on a variant, if the paper ran it. */
  public Optional<Figures> of(String variant, String policy) {
    return Optional.ofNullable(byVariant.getOrDefault(variant, Map.of()).get(policy));
  }
}
