package io.argosy.core.cli;

import io.argosy.core.view.ClusterView;
import io.argosy.core.view.JobView;
import io.argosy.core.view.PodView;
import io.argosy.core.view.QueueInfo;
import io.argosy.core.view.TransitionView;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Human-readable renderings of the API views: the tables of {@code get}, the text of {@code describe}. */
final class Render {
  private Render() {}

  static String jobs(List<JobView> jobs, Instant now) {
    Table t = new Table("NAME", "QUEUE", "STATE", "PODS", "CLUSTER", "NODES", "AGE", "REASON");
    for (JobView j : jobs) {
      t.row(j.id(), j.queue(), j.state(), j.pods(), String.join(",", j.clusters()), nodes(j.placement()),
          age(j.submittedAt(), now), reason(j));
    }
    return t.isEmpty() ? "No jobs.\n" : t.render();
  }

  /** The reason a listing shows: the first pending reason while pending, else the last transition's. */
  static String reason(JobView j) {
    if (j.state().equals("Pending") && !j.pendingReasons().isEmpty()) {
      return j.pendingReasons().get(0) + (j.pendingReasons().size() > 1 ? " (+" + (j.pendingReasons().size() - 1) + ")" : "");
    }
    return j.reason() == null ? "" : j.reason();
  }

  /** The nodes of a placement, compacted: {@code a100-{0..3},cpu-1}. */
  static String nodes(List<PodView> pods) {
    Set<String> n = new java.util.TreeSet<>();
    for (PodView p : pods) {
      n.add(p.node());
    }
    Map<String, java.util.TreeSet<Integer>> numbered = new java.util.LinkedHashMap<>();
    List<String> out = new ArrayList<>();
    for (String name : n) {
      int dash = name.lastIndexOf('-');
      if (dash > 0 && name.substring(dash + 1).matches("\\d{1,6}")) {
        numbered.computeIfAbsent(name.substring(0, dash), k -> new java.util.TreeSet<>())
            .add(Integer.parseInt(name.substring(dash + 1)));
      } else {
        out.add(name);
      }
    }
    numbered.forEach((prefix, nums) -> {
      if (nums.size() == 1) {
        out.add(prefix + "-" + nums.first());
      } else if (nums.last() - nums.first() == nums.size() - 1) {
        out.add(prefix + "-{" + nums.first() + ".." + nums.last() + "}");
      } else {
        out.add(prefix + "-{" + nums.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")) + "}");
      }
    });
    return String.join(",", out);
  }

  /** Devices of a placement summed up: {@code 16 x A100-80GB}. */
  static String devices(List<PodView> pods) {
    Map<String, Integer> sum = new java.util.LinkedHashMap<>();
    for (PodView p : pods) {
      if (p.accelerators() == null || p.accelerators().isEmpty()) {
        continue;
      }
      for (String part : p.accelerators().split(", ")) {
        int x = part.indexOf(" x ");
        if (x > 0) {
          sum.merge(part.substring(x + 3), Integer.parseInt(part.substring(0, x)), Integer::sum);
        }
      }
    }
    List<String> out = new ArrayList<>();
    sum.forEach((what, n) -> out.add(n + " x " + what));
    return out.isEmpty() ? "-" : String.join(", ", out);
  }

  static String queues(List<QueueInfo> queues) {
    Table t = new Table("NAME", "PARENT", "WEIGHT", "PRIORITY", "OPEN", "PENDING", "ADMITTED", "USED", "CAPABILITY");
    for (QueueInfo q : queues) {
      t.row(q.name(), q.parent() == null ? "-" : q.parent(), q.weight(), q.priority(), q.open(), q.pending(), q.admitted(),
          resources(q.usage(), true), resources(q.capability(), false));
    }
    return t.render();
  }

  /** {@code cpu=12, memory=48Gi, nvidia.com/gpu=16}; with {@code acceleratorsOnly} CPU and memory are left out when devices are used. */
  static String resources(Map<String, Long> m, boolean acceleratorsFirst) {
    if (m == null || m.isEmpty()) {
      return "-";
    }
    List<String> out = new ArrayList<>();
    boolean devices = m.keySet().stream().anyMatch(k -> k.contains("/"));
    for (Map.Entry<String, Long> e : m.entrySet()) {
      if (acceleratorsFirst && devices && !e.getKey().contains("/")) {
        continue;
      }
      if (e.getValue() == 0 && acceleratorsFirst) {
        continue;
      }
      out.add(e.getKey() + "=" + Quantities.format(e.getKey(), e.getValue()));
    }
    return out.isEmpty() ? "-" : String.join(", ", out);
  }

  static String clusters(List<ClusterView> clusters, Instant now) {
    Table t = new Table("NAME", "VERSION", "MODE", "READY", "STATUS", "AGE", "NODES", "ACCELERATORS", "TAINTS");
    for (ClusterView c : clusters) {
      t.row(c.name(), c.version(), c.mode(), c.ready() ? "True" : "False" + (c.condition().equals("Ready") ? "" : " (" + c.condition() + ")"),
          c.health() == null ? "-" : c.health(), age(c.joinedAt(), now), c.readyNodes() + "/" + c.nodes(),
          accelerators(c.accelerators()), c.taints().isEmpty() ? "-" : String.join(",", c.taints()));
    }
    return t.isEmpty() ? "No clusters.\n" : t.render();
  }

  static String accelerators(List<ClusterView.AcceleratorCount> list) {
    List<String> out = new ArrayList<>();
    for (ClusterView.AcceleratorCount a : list) {
      out.add(a.devices() + " x " + a.model() + (a.mode().equals("whole") ? "" : " " + a.mode()));
    }
    return out.isEmpty() ? "-" : String.join(", ", out);
  }

  static String describe(JobView j, Instant now) {
    StringBuilder b = new StringBuilder();
    field(b, "Name", j.id());
    field(b, "UID", j.uid());
    field(b, "Kind", j.apiVersion() + " " + j.kind());
    field(b, "Queue", j.queue());
    field(b, "Priority", j.priority() + (j.priorityClass() == null ? "" : " (" + j.priorityClass() + ")"));
    field(b, "State", j.state());
    field(b, "Reason", j.reason());
    field(b, "Submitted", j.submittedAt() + " (" + age(j.submittedAt(), now) + " ago)");
    field(b, "Pods", String.valueOf(j.pods()));
    if (!j.clusters().isEmpty()) {
      field(b, "Clusters", String.join(", ", j.clusters()));
    }
    field(b, "Placed by", j.propagationPolicy() == null ? "no propagation policy (any cluster)" : j.propagationPolicy());
    if (j.state().equals("Pending")) {
      b.append("\nWhy pending:\n");
      if (j.pendingReasons().isEmpty()) {
        b.append("  not looked at by the scheduler yet\n");
      }
      for (String r : j.pendingReasons()) {
        b.append("  ").append(r).append('\n');
      }
    }
    if (!j.placement().isEmpty()) {
      b.append(j.state().equals("Pending") ? "\nLast placement:\n" : "\nPlacement:\n");
      Table t = new Table("POD", "TASK", "CLUSTER", "NODE", "DEVICES", "PHASE");
      for (PodView p : j.placement()) {
        t.row(p.name(), p.task(), p.cluster(), p.node(), p.accelerators() == null || p.accelerators().isEmpty() ? "-"
            : p.accelerators() + " [" + String.join(",", p.devices()) + "]", p.phase() + (p.reason() == null ? "" : " (" + p.reason() + ")"));
      }
      indent(b, t.render(Table.WIDTH - 2));
    }
    for (var o : j.overrides()) {
      b.append("\nOverrides in ").append(o.cluster()).append(":\n");
      for (String c : o.changes()) {
        b.append("  ").append(c).append('\n');
      }
    }
    if (j.history() != null && !j.history().isEmpty()) {
      b.append("\nHistory:\n");
      Table t = new Table("TIME", "FROM", "TO", "REASON");
      for (TransitionView h : j.history()) {
        t.row(h.at(), h.from() == null ? "-" : h.from(), h.to(), h.reason());
      }
      indent(b, t.render(Table.WIDTH - 2));
    }
    return b.toString();
  }

  private static void field(StringBuilder b, String name, String value) {
    b.append(String.format("%-11s%s%n", name + ":", value == null ? "" : value));
  }

  private static void indent(StringBuilder b, String text) {
    for (String line : text.split("\n")) {
      b.append("  ").append(line).append('\n');
    }
  }

  /** Kubernetes-style age: {@code 45s}, {@code 3m}, {@code 2h}, {@code 4d}. */
  static String age(String since, Instant now) {
    if (since == null || since.isEmpty()) {
      return "-";
    }
    try {
      Duration d = Duration.between(Instant.parse(since), now);
      long s = Math.max(0, d.getSeconds());
      if (s < 120) {
        return s + "s";
      }
      if (s < 7200) {
        return s / 60 + "m";
      }
      if (s < 172800) {
        return s / 3600 + "h";
      }
      return s / 86400 + "d";
    } catch (DateTimeParseException e) {
      return "-";
    }
  }
}
