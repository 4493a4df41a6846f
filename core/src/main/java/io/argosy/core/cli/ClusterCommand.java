package io.argosy.core.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code argosy cluster cordon|uncordon|taint NAME}: keep new work off a member cluster, or taint it. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Cordon, uncordon or taint a member cluster.",
    subcommands = {ClusterCommand.Cordon.class, ClusterCommand.Uncordon.class, ClusterCommand.Taint.class})
public final class ClusterCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  abstract static class One implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ClientOptions client;

    @Parameters(index = "0", description = "Cluster name.")
    String cluster;

    abstract io.argosy.core.view.ClusterView apply();

    @Override
    public Integer call() {
      var c = apply();
      var out = spec.commandLine().getOut();
      if (!client.printStructured(out, c)) {
        out.print(Render.clusters(List.of(c), java.time.Instant.now()));
        out.println("taints: " + (c.taints().isEmpty() ? "-" : String.join(", ", c.taints())));
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "cordon", mixinStandardHelpOptions = true, description = "No new placements on the cluster; running jobs stay.")
  static final class Cordon extends One {
    @Override
    io.argosy.core.view.ClusterView apply() {
      return client.client().cordon(cluster, true);
    }
  }

  @Command(name = "uncordon", mixinStandardHelpOptions = true, description = "Allow placements on the cluster again.")
  static final class Uncordon extends One {
    @Override
    io.argosy.core.view.ClusterView apply() {
      return client.client().cordon(cluster, false);
    }
  }

  @Command(name = "taint", mixinStandardHelpOptions = true,
      description = "Replace the administrator's taints of a cluster (none clears them).")
  static final class Taint extends One {
    @Option(names = "--taint", description = "key[=value]:NoSchedule|PreferNoSchedule|NoExecute (repeatable).")
    List<String> taints = new ArrayList<>();

    @Override
    io.argosy.core.view.ClusterView apply() {
      return client.client().taints(cluster, taints);
    }
  }
}
