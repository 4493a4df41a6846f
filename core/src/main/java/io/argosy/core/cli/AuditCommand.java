package io.argosy.core.cli;

import io.argosy.core.view.AuditView;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code argosy audit [--who NAME] [--limit N]}: the audit log of mutating API calls (admin tokens only). */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "Show the audit log: who changed what, when, and the answer (admin token required).")
public final class AuditCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ClientOptions client;

  @Option(names = "--who", description = "Only the calls of this token name.")
  String who;

  @Option(names = "--limit", defaultValue = "50", description = "The last N entries (default ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    if (limit < 1 || limit > 10_000) {
      throw new InvalidInputException("--limit: must be between 1 and 10000, got " + limit);
    }
    List<AuditView> entries = client.client().audit(who, limit);
    var out = spec.commandLine().getOut();
    if (!client.printStructured(out, java.util.Map.of("items", entries))) {
      Table t = new Table("ID", "TIME", "WHO", "ROLE", "METHOD", "PATH", "STATUS", "OBJECTS");
      for (AuditView e : entries) {
        t.row(e.id(), e.at(), e.who(), e.role(), e.method(), e.path(), e.status(), String.join(", ", e.objects()));
      }
      out.print(t.isEmpty() ? "No audit entries.\n" : t.render());
    }
    out.flush();
    return 0;
  }
}
