package io.argosy.core.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code argosy quota get|set QUEUE}: GPU (and any resource) quota administration. */
@Command(name = "quota", mixinStandardHelpOptions = true, description = "Show or set a queue's quota.",
    subcommands = {QuotaCommand.Get.class, QuotaCommand.Set.class})
public final class QuotaCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a queue's quota and usage.")
  static final class Get implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ClientOptions client;

    @Parameters(index = "0", description = "Queue name.")
    String queue;

    @Override
    public Integer call() {
      var q = client.client().queue(queue);
      var out = spec.commandLine().getOut();
      if (!client.printStructured(out, q)) {
        Table t = new Table("RESOURCE", "USED", "DESERVED", "GUARANTEE", "CAPABILITY");
        java.util.TreeSet<String> keys = new java.util.TreeSet<>();
        keys.addAll(q.usage().keySet());
        keys.addAll(q.capability().keySet());
        keys.addAll(q.guarantee().keySet());
        keys.addAll(q.deserved().keySet());
        for (String k : keys) {
          t.row(k, fmt(k, q.usage().get(k)), fmt(k, q.deserved().get(k)), fmt(k, q.guarantee().get(k)),
              fmt(k, q.capability().get(k)));
        }
        out.println("Queue " + q.name() + (q.parent() == null ? "" : " (parent " + q.parent() + ")") + ": " + q.pending()
            + " pending, " + q.admitted() + " admitted");
        out.print(t.isEmpty() ? "No quota and no usage.\n" : t.render());
        q.overages().forEach(out::println);
      }
      out.flush();
      return 0;
    }

    private static String fmt(String k, Long v) {
      return v == null ? "-" : Quantities.format(k, v);
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Set quota keys of a queue (others are kept), e.g. --capability nvidia.com/gpu=32 --deserved cpu=64.")
  static final class Set implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ClientOptions client;

    @Parameters(index = "0", description = "Queue name.")
    String queue;

    @Option(names = "--capability", description = "Hard limit KEY=QUANTITY (repeatable; KEY may be model-qualified, nvidia.com/gpu[H100]).")
    List<String> capability = new ArrayList<>();

    @Option(names = "--guarantee", description = "Reserved KEY=QUANTITY (repeatable).")
    List<String> guarantee = new ArrayList<>();

    @Option(names = "--deserved", description = "Fair share KEY=QUANTITY (repeatable).")
    List<String> deserved = new ArrayList<>();

    @Option(names = "--remove", description = "Remove a key: KIND:KEY, e.g. capability:cpu (repeatable).")
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
            + Render.resources(q.guarantee(), false) + "; deserved " + Render.resources(q.deserved(), false));
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
        m.put(p.substring(0, eq), p.substring(eq + 1));
      }
      body.put(kind, m);
    }
  }
}
