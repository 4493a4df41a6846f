package io.argosy.core.cli;

import io.argosy.core.view.CapacityReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code argosy capacity [-o table|json|yaml|html]}: free and used capacity per cluster and accelerator. */
@Command(name = "capacity", mixinStandardHelpOptions = true,
    description = "Capacity report: free and used CPU, memory and accelerators per cluster (html for a browser).")
public final class CapacityCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ClientOptions client;

  @Override
  public Integer call() {
    CapacityReport r = client.client().capacity();
    var out = spec.commandLine().getOut();
    if (client.output == Output.HTML) {
      out.print(html(r));
    } else if (!client.printStructured(out, r)) {
      out.print(Render.capacity(r));
    }
    out.flush();
    return 0;
  }

  /** A standalone page: the same two tables as the text report. */
  static String html(CapacityReport r) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Argosy capacity</title>\n<style>")
        .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}")
        .append("td,th{border:1px solid #ccc;padding:4px 10px;text-align:left}th{background:#f0f0f0}")
        .append(".bar{background:#4a90d9;height:10px}</style></head><body>\n");
    b.append("<h1>Argosy capacity</h1><p>at ").append(esc(r.at())).append("</p>\n");
    b.append("<h2>Clusters</h2><table><tr><th>Cluster</th><th>Ready</th><th>Nodes</th><th>CPU free / total</th>")
        .append("<th>Memory free / total</th></tr>\n");
    for (CapacityReport.ClusterCapacity c : r.clusters()) {
      b.append("<tr><td>").append(esc(c.name())).append("</td><td>").append(c.ready()).append("</td><td>").append(c.nodes())
          .append("</td><td>").append(Quantities.format("cpu", c.cpu().free())).append(" / ")
          .append(Quantities.format("cpu", c.cpu().total())).append("</td><td>")
          .append(Quantities.format("memory", c.memory().free())).append(" / ")
          .append(Quantities.format("memory", c.memory().total())).append("</td></tr>\n");
    }
    b.append("</table>\n<h2>Accelerators</h2><table><tr><th>Cluster</th><th>Model</th><th>Mode</th><th>Devices</th>")
        .append("<th>Free</th><th>Used</th><th>Partitions free / total</th></tr>\n");
    for (CapacityReport.ClusterCapacity c : r.clusters()) {
      for (CapacityReport.AcceleratorCapacity a : c.accelerators()) {
        row(b, c.name(), a);
      }
    }
    for (CapacityReport.AcceleratorCapacity a : r.totals()) {
      row(b, "(all)", a);
    }
    b.append("</table></body></html>\n");
    return b.toString();
  }

  private static void row(StringBuilder b, String cluster, CapacityReport.AcceleratorCapacity a) {
    StringBuilder parts = new StringBuilder();
    for (CapacityReport.PartitionCapacity p : a.partitions()) {
      parts.append(esc(p.resource())).append(' ').append(p.free()).append(" / ").append(p.total()).append("<br>");
    }
    b.append("<tr><td>").append(esc(cluster)).append("</td><td>").append(esc(a.vendor() + " " + a.model())).append("</td><td>")
        .append(esc(a.mode())).append("</td><td>").append(a.devices()).append("</td><td>").append(a.freeDevices())
        .append("</td><td>").append(a.allocatedPercent()).append("%<div class=\"bar\" style=\"width:")
        .append(Math.round(a.allocatedPercent())).append("px\"></div></td><td>").append(parts).append("</td></tr>\n");
  }

  private static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
