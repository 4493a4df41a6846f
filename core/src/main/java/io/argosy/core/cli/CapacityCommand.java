package io.argosy.core.cli;

import io.argosy.core.ui.CapacityPage;
import io.argosy.core.view.CapacityReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code argosy capacity [-o table|json|yaml|html] [--out FILE]}: devices, instances and shares per
 * cluster and model, queues' quota against usage, and pending demand (docs/cli.md).
 */
@Command(name = "capacity", mixinStandardHelpOptions = true,
    description = "Capacity report: accelerators allocated, free and fragmented per cluster and model, quota vs usage per"
        + " queue, pending demand; -o html --out FILE writes a self-contained page with charts.")
public final class CapacityCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ClientOptions client;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
  Path outFile;

  @Override
  public Integer call() {
    CapacityReport r = client.client().capacity();
    String text;
    if (client.output == Output.HTML) {
      text = CapacityPage.of(r);
    } else if (client.output == Output.TABLE) {
      text = CapacityText.render(r);
    } else {
      java.io.StringWriter sw = new java.io.StringWriter();
      java.io.PrintWriter pw = new java.io.PrintWriter(sw);
      client.printStructured(pw, r);
      pw.flush();
      text = sw.toString();
    }
    var out = spec.commandLine().getOut();
    if (outFile != null) {
      try {
        Files.writeString(outFile, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new InvalidInputException("--out: cannot write " + outFile + ": " + e.getMessage());
      }
      out.println("wrote " + outFile);
    } else {
      out.print(text);
    }
    out.flush();
    return 0;
  }
}
