package io.argosy.scheduler.openb;

import io.argosy.gpu.InvalidSpecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the openb CSVs of Alibaba's cluster-trace-gpu-v2023. Columns are found by header name, so
 * the five-column {@code multigpu*} pod lists load like the full ones; extra columns (qos, times)
 * are ignored because the paper's protocol does not use them. A bad row is an {@link
 * InvalidSpecException} whose field is {@code <file>:<line>.<column>}.
 */
public final class OpenbTrace {

  private static final List<String> NODE_COLUMNS =
      List.of("sn", "cpu_milli", "memory_mib", "gpu", "model");
  private static final List<String> POD_COLUMNS =
      List.of("name", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli");

  private OpenbTrace() {}

  /** Loads a node list, e.g. {@code openb_node_list_gpu_node.csv}. */
  public static List<TraceNode> loadNodes(Path file) {
    Table t = Table.read(file, NODE_COLUMNS);
    List<TraceNode> nodes = new ArrayList<>(t.rows.size());
    for (int r = 0; r < t.rows.size(); r++) {
      String[] row = t.rows.get(r);
      String name = t.text(r, row, "sn");
      long cpu = t.number(r, row, "cpu_milli", 1, Long.MAX_VALUE);
      long mem = t.number(r, row, "memory_mib", 0, Long.MAX_VALUE);
      int gpus = (int) t.number(r, row, "gpu", 0, 32);
      String model = t.value(row, "model");
      if (gpus > 0 && model.isEmpty()) {
        throw t.error(r, "model", "a node with GPUs needs a model");
      }
      nodes.add(new TraceNode(name, cpu, mem, gpus, gpus == 0 ? null : model));
    }
    if (nodes.isEmpty()) {
      throw new InvalidSpecException(file.getFileName().toString(), "no nodes in the file");
    }
    return List.copyOf(nodes);
  }

  /** Loads a pod list, e.g. {@code openb_pod_list_default.csv}; {@code gpu_spec} is optional. */
  public static List<TracePod> loadPods(Path file) {
    Table t = Table.read(file, POD_COLUMNS);
    List<TracePod> pods = new ArrayList<>(t.rows.size());
    for (int r = 0; r < t.rows.size(); r++) {
      String[] row = t.rows.get(r);
      String name = t.text(r, row, "name");
      long cpu = t.number(r, row, "cpu_milli", 0, Long.MAX_VALUE);
      long mem = t.number(r, row, "memory_mib", 0, Long.MAX_VALUE);
      int gpus = (int) t.number(r, row, "num_gpu", 0, 32);
      int milli = (int) t.number(r, row, "gpu_milli", 0, TaskDemand.WHOLE);
      Set<String> models = new LinkedHashSet<>();
      String spec = t.value(row, "gpu_spec");
      if (!spec.isEmpty()) {
        for (String m : spec.split("\\|")) {
          if (!m.isBlank()) {
            models.add(m.strip());
          }
        }
      }
      try {
        pods.add(new TracePod(name, new TaskDemand(cpu, mem, gpus, gpus == 0 ? 0 : milli, models)));
      } catch (InvalidSpecException e) {
        throw t.error(r, e.field(), e.reason());
      }
    }
    if (pods.isEmpty()) {
      throw new InvalidSpecException(file.getFileName().toString(), "no pods in the file");
    }
    return List.copyOf(pods);
  }

  /** The variant name of a pod list: {@code openb_pod_list_default.csv} gives {@code default}. */
  public static String variantOf(Path podFile) {
    String f = podFile.getFileName().toString();
    if (f.endsWith(".csv")) {
      f = f.substring(0, f.length() - 4);
    }
    return f.startsWith("openb_pod_list_") ? f.substring("openb_pod_list_".length()) : f;
  }

  /** A CSV with a header row; values are plain (the openb files quote nothing). */
  private static final class Table {
    final String file;
    final List<String> header;
    final List<String[]> rows = new ArrayList<>();
    final List<Integer> lines = new ArrayList<>(); // file line of each row, for error messages

    private Table(String file, List<String> header) {
      this.file = file;
      this.header = header;
    }

    static Table read(Path path, List<String> required) {
      List<String> lines;
      try {
        lines = Files.readAllLines(path, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new InvalidSpecException(path.toString(), "no such file");
      } catch (IOException e) {
        throw new InvalidSpecException(path.toString(), "cannot read: " + e.getMessage());
      }
      String name = path.getFileName().toString();
      if (lines.isEmpty()) {
        throw new InvalidSpecException(name, "empty file, expected a header row");
      }
      List<String> header = Arrays.asList(strip(lines.get(0)).split(",", -1));
      for (String col : required) {
        if (!header.contains(col)) {
          throw new InvalidSpecException(name + ":1", "missing column '" + col + "'");
        }
      }
      Table t = new Table(name, header);
      for (int i = 1; i < lines.size(); i++) {
        String line = strip(lines.get(i));
        if (line.isEmpty()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (cells.length != header.size()) {
          throw new InvalidSpecException(
              name + ":" + (i + 1),
              "expected " + header.size() + " columns, got " + cells.length);
        }
        t.rows.add(cells);
        t.lines.add(i + 1);
      }
      return t;
    }

    private static String strip(String s) {
      return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    String value(String[] row, String column) {
      int c = header.indexOf(column);
      return c < 0 ? "" : row[c].strip();
    }

    String text(int r, String[] row, String column) {
      String v = value(row, column);
      if (v.isEmpty()) {
        throw error(r, column, "must not be empty");
      }
      return v;
    }

    long number(int r, String[] row, String column, long min, long max) {
      String v = value(row, column);
      long x;
      try {
        x = Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw error(r, column, "not an integer: '" + v + "'");
      }
      if (x < min || x > max) {
        throw error(r, column, v + " is out of range [" + min + ", " + max + "]");
      }
      return x;
    }

    InvalidSpecException error(int r, String column, String reason) {
      return new InvalidSpecException(file + ":" + lines.get(r) + "." + column, reason);
    }
  }
}
