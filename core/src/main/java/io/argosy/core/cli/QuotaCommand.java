package io.argosy.core.cli;

import io.argosy.core.view.QueueInfo;
import io.argosy.core.view.QuotaChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code argosy quota get|set|history}: GPU (and any resource) quota administration. */
@Command(name = "quota", mixinStandardHelpOptions = true, description = "Show, set and audit queues' quota.",
    subcommands = {QuotaCommand.Get.class, QuotaCommand.Set.class, QuotaCommand.History.class})
public final class QuotaCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = "Show the quota and usage of one queue, or of every queue.")
  static final class Get implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ClientOptions client;

    @Parameters(index = "0", arity = "0..1", description = "Queue name (all queues when omitted).")
    String queue;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      if (queue == null) {
        List<QueueInfo> all = client.client().queues();
        if (!client.printStructured(out, Map.of("items", all))) {
          out.print(all(all));
        }
      } else {
        QueueInfo q = client.client().queue(queue);
        if (!client.printStructured(out, q)) {
          out.print(one(q));
        }
      }
      out.flush();
      return 0;
    }

    /** Every queue, one row per key its quota or usage names (the weight-derived deserved share alone is not a row). */
    static String all(List<QueueInfo> queues) {
      Table t = new Table("QUEUE", "PARENT", "WEIGHT", "JOBS P/A", "RESOURCE", "USED", "DESERVED", "GUARANTEE", "CAPABILITY",
          "BORROWED");
      for (QueueInfo q : queues) {
        TreeSet<String> keys = new TreeSet<>(QuotaCommand::compareKeys);
        keys.addAll(q.capability().keySet());
        keys.addAll(q.guarantee().keySet());
        keys.addAll(q.usage().keySet());
        String[] head = {q.name(), q.parent() == null ? "-" : q.parent(), String.valueOf(q.weight()),
            q.pending() + "/" + q.admitted()};
        if (keys.isEmpty()) {
          t.row(head[0], head[1], head[2], head[3], "(no quota, no usage)");
        }
        boolean first = true;
        for (String k : keys) {
          String[] cells = row(q, k);
          t.row(first ? head[0] : "", first ? head[1] : "", first ? head[2] : "", first ? head[3] : "", cells[0], cells[1],
              cells[2], cells[3], cells[4], cells[5]);
          first = false;
        }
      }
      return t.isEmpty() ? "No queues.\n" : t.render();
    }

    static String one(QueueInfo q) {
      Table t = new Table("RESOURCE", "USED", "DESERVED", "GUARANTEE", "CAPABILITY", "BORROWED");
      TreeSet<String> keys = new TreeSet<>(QuotaCommand::compareKeys);
      keys.addAll(q.usage().keySet());
      keys.addAll(q.capability().keySet());
      keys.addAll(q.guarantee().keySet());
      keys.addAll(q.deserved().keySet());
      for (String k : keys) {
        t.row((Object[]) row(q, k));
      }
      StringBuilder b = new StringBuilder();
      b.append("Queue ").append(q.name()).append(q.parent() == null ? "" : " (parent " + q.parent() + ")").append(", weight ")
          .append(q.weight()).append(": ").append(q.pending()).append(" pending, ").append(q.admitted()).append(" admitted\n");
      b.append(t.isEmpty() ? "No quota and no usage.\n" : t.render());
      q.overages().forEach(o -> b.append(o).append('\n'));
      return b.toString();
    }

    private static String[] row(QueueInfo q, String k) {
      Long used = q.usage().get(k);
      Long des = q.deserved().get(k);
      long borrowed = used == null || des == null ? 0 : Math.max(0, used - des);
      return new String[] {k, fmt(k, used == null ? 0L : used), fmt(k, des), fmt(k, q.guarantee().get(k)),
          fmt(k, q.capability().get(k)), fmt(k, borrowed)};
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Set quota keys of a queue (others are kept), e.g. --capability nvidia.com/gpu[H100]=32,cpu=256"
          + " --guarantee nvidia.com/gpu=8 --deserved cpu=64.")
  static final class Set implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ClientOptions client;

    @Parameters(index = "0", description = "Queue name.")
    String queue;

    @Option(names = "--capability", split = ",", paramLabel = "KEY=QUANTITY",
        description = "Hard limit (comma-separated or repeated; KEY may be model-qualified, nvidia.com/gpu[H100]).")
    List<String> capability = new ArrayList<>();

    @Option(names = "--guarantee", split = ",", paramLabel = "KEY=QUANTITY", description = "Reserved for this queue.")
    List<String> guarantee = new ArrayList<>();

    @Option(names = "--deserved", split = ",", paramLabel = "KEY=QUANTITY", description = "Fair share.")
    List<String> deserved = new ArrayList<>();

    @Option(names = "--remove", split = ",", paramLabel = "KIND:KEY",
        description = "Remove a key: capability|guarantee|deserved:KEY, e.g. capability:cpu.")
    List<String> remove = new ArrayList<>();

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      put(body, "capability", capability);
      put(body, "guarantee", guarantee);
      put(body, "deserved", deserved);
      Map<String, List<String>> rm = new LinkedHashMap<>();
      for (String r : remove) {
        int colon = r.indexOf(':');
        String kind = colon < 0 ? "" : r.substring(0, colon);
        if (!List.of("capability", "guarantee", "deserved").contains(kind) || colon == r.length() - 1) {
          throw new InvalidInputException("--remove: expected capability|guarantee|deserved:KEY, got '" + r + "'");
        }
        rm.computeIfAbsent(kind, k -> new ArrayList<>()).add(r.substring(colon + 1));
      }
      if (!rm.isEmpty()) {
        body.put("remove", rm);
      }
      if (body.isEmpty()) {
        throw new InvalidInputException("nothing to set: give --capability, --guarantee, --deserved or --remove");
      }
      var q = client.client().patchQuota(queue, body);
      var out = spec.commandLine().getOut();
      if (!client.printStructured(out, q)) {
        out.println("queue " + q.name() + " quota: capability " + Render.resources(q.capability(), false) + "; guarantee "
            + Render.resources(q.guarantee(), false));
        q.overages().forEach(out::println);
      }
      out.flush();
      return 0;
    }

    private static void put(Map<String, Object> body, String kind, List<String> pairs) {
      if (pairs.isEmpty()) {
        return;
      }
      Map<String, String> m = new LinkedHashMap<>();
      for (String p : pairs) {
        int eq = p.lastIndexOf('=');
        if (eq <= 0 || eq == p.length() - 1) {
          throw new InvalidInputException("--" + kind + ": expected KEY=QUANTITY, got '" + p + "'");
        }
        m.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
      }
      body.put(kind, m);
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true,
      description = "Who changed which queue's quota when: one row per changed key, newest first.")
  static final class History implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ClientOptions client;

    @Parameters(index = "0", arity = "0..1", description = "Queue name (all queues when omitted).")
    String queue;

    @Option(names = "--limit", defaultValue = "50", description = "Most changes shown (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      if (limit < 1) {
        throw new InvalidInputException("--limit: must be at least 1, got " + limit);
      }
      List<QuotaChange> changes = client.client().quotaHistory(queue, limit);
      var out = spec.commandLine().getOut();
      if (!client.printStructured(out, Map.of("items", changes))) {
        out.print(render(changes));
      }
      out.flush();
      return 0;
    }

    static String render(List<QuotaChange> changes) {
      Table t = new Table("ID", "AT (UTC)", "QUEUE", "WHO", "ACTION", "CHANGE");
      for (QuotaChange c : changes) {
        List<String> diff = diff(c.before(), c.after());
        String at = c.at().replace('T', ' ');
        at = at.length() > 19 ? at.substring(0, 19) : at.replace("Z", "");
        for (int i = 0; i < Math.max(1, diff.size()); i++) {
          t.row(i == 0 ? c.id() : "", i == 0 ? at : "", i == 0 ? c.queue() : "", i == 0 ? c.who() : "",
              i == 0 ? c.action() : "", diff.isEmpty() ? "(no quota)" : diff.get(i));
        }
      }
      return t.isEmpty() ? "No quota changes recorded.\n" : t.render();
    }

    /** {@code capability nvidia.com/gpu: 16 -> 32}, one line per key whose amount changed. */
    static List<String> diff(QuotaChange.Quota before, QuotaChange.Quota after) {
      List<String> out = new ArrayList<>();
      diff(out, "capability", before == null ? Map.of() : before.capability(), after == null ? Map.of() : after.capability());
      diff(out, "guarantee", before == null ? Map.of() : before.guarantee(), after == null ? Map.of() : after.guarantee());
      diff(out, "deserved", before == null ? Map.of() : before.deserved(), after == null ? Map.of() : after.deserved());
      return out;
    }

    private static void diff(List<String> out, String kind, Map<String, Long> b, Map<String, Long> a) {
      TreeSet<String> keys = new TreeSet<>(QuotaCommand::compareKeys);
      keys.addAll(b.keySet());
      keys.addAll(a.keySet());
      for (String k : keys) {
        Long x = b.get(k);
        Long y = a.get(k);
        if (x == null ? y != null : !x.equals(y)) {
          out.add(kind + " " + k + ": " + fmt(k, x) + " -> " + fmt(k, y));
        }
      }
    }
  }

  private static String fmt(String k, Long v) {
    return v == null ? "-" : Quantities.format(k, v);
  }

  /** Accelerators first, then cpu and memory, then the rest; alphabetical within. */
  static int compareKeys(String a, String b) {
    int c = Integer.compare(rank(a), rank(b));
    return c != 0 ? c : a.compareTo(b);
  }

  private static int rank(String k) {
    return k.equals("cpu") ? 1 : k.equals("memory") ? 2 : k.contains("/") ? 0 : 3;
  }
}
