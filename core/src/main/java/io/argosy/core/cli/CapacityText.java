package io.argosy.core.cli;

import io.argosy.core.view.CapacityReport;
import io.argosy.core.view.CapacityReport.AcceleratorCapacity;
import io.argosy.core.view.CapacityReport.Amount;
import io.argosy.core.view.CapacityReport.PartitionCapacity;
import java.util.ArrayList;
import java.util.List;

/**
 * The terminal form of the capacity report: four aligned tables (clusters, accelerators grouped by
 * cluster then the fleet, queues, pending demand), humanised units, at most 120 columns.
 */
final class CapacityText {
  private CapacityText() {}

  static String render(CapacityReport r) {
    StringBuilder b = new StringBuilder();
    Table c = new Table("CLUSTER", "HEALTH", "NODES", "CPU USED/TOTAL", "MEMORY USED/TOTAL", "PODS USED/TOTAL", "BAD DEVICES");
    for (CapacityReport.ClusterCapacity cc : r.clusters()) {
      c.row(cc.name(), cc.condition(), cc.readyNodes() + "/" + cc.nodes(), ratio("cpu", cc.cpu()), ratio("memory", cc.memory()),
          ratio("pods", cc.pods()), cc.unhealthyDevices());
    }
    b.append("Clusters\n").append(c.isEmpty() ? "No clusters.\n" : c.render());

    Table a = new Table("CLUSTER", "ACCELERATOR", "MODE", "DEVICES", "USED", "FREE", "FRAG", "ALLOC", "INSTANCES / SHARES USED");
    for (CapacityReport.ClusterCapacity cc : r.clusters()) {
      accelerators(a, cc.name(), cc.accelerators());
    }
    accelerators(a, "(fleet)", r.totals());
    b.append("\nAccelerators (FRAG: ").append(basis(r.fragmentationBasis())).append(")\n")
        .append(a.isEmpty() ? "No accelerators.\n" : a.render());

    Table q = new Table("QUEUE", "RESOURCE", "USED", "PENDING", "DESERVED", "GUARANTEE", "CAPABILITY", "BORROWED");
    for (CapacityReport.QueueCapacity qc : r.queues()) {
      boolean first = true;
      for (CapacityReport.QueueResource qr : qc.resources()) {
        String k = qr.resource();
        q.row(first ? qc.name() : "", k, Units.human(k, qr.used()), Units.human(k, qr.pending()), Units.human(k, qr.deserved()),
            Units.human(k, qr.guarantee()), Units.human(k, qr.capability()), Units.human(k, qr.borrowed()));
        first = false;
      }
      if (first) {
        q.row(qc.name(), "(no quota, no usage)", "", "", "", "", "", "");
      }
    }
    b.append("\nQueues\n").append(q.isEmpty() ? "No queues.\n" : q.render());

    Table p = new Table("RESOURCE", "PENDING", "JOBS", "QUEUES");
    for (CapacityReport.PendingDemand d : r.pending()) {
      p.row(d.resource(), Units.human(d.resource(), d.amount()), d.jobs(), String.join(", ", d.queues()));
    }
    b.append("\nPending demand\n").append(p.isEmpty() ? "Nothing is pending.\n" : p.render());
    return b.toString();
  }

  private static String basis(String basis) {
    return switch (basis) {
      case "pending" -> "free devices the pending GPU tasks could not use";
      case "running" -> "free devices tasks like the running ones could not use; nothing GPU is pending";
      default -> "no GPU task is pending or running, so none";
    };
  }

  private static void accelerators(Table t, String cluster, List<AcceleratorCapacity> list) {
    boolean first = true;
    for (AcceleratorCapacity ac : list) {
      List<String> details = details(ac);
      var d = ac.devices();
      t.row(first ? cluster : "", ac.vendor() + " " + ac.model(), ac.mode(), d.total() + (d.unhealthy() > 0 ? " (" + d.unhealthy()
          + " bad)" : ""), d.allocated(), d.free(), Units.decimal(d.fragmented()), Units.decimal(ac.allocatedPercent()) + "%",
          details.isEmpty() ? "" : details.get(0));
      for (int i = 1; i < details.size(); i++) {
        t.row("", "", "", "", "", "", "", "", details.get(i));
      }
      first = false;
    }
  }

  /** One line per partition profile; shared devices: memory (with overcommit), cores and task slots. */
  static List<String> details(AcceleratorCapacity ac) {
    List<String> out = new ArrayList<>();
    for (PartitionCapacity p : ac.partitions()) {
      out.add(partitionName(p) + " " + p.allocated() + "/" + p.total());
    }
    var s = ac.share();
    if (s != null) {
      out.add("memory " + Units.human("nvidia.com/gpumem", s.memoryMiB().allocated()) + "/"
          + Units.human("nvidia.com/gpumem", s.memoryMiB().total())
          + (s.memoryOvercommit() > 1.0 ? " (overcommit " + Units.decimal(s.memoryOvercommit()) + "x)" : ""));
      out.add("cores " + s.cores().allocated() + "/" + s.cores().total() + "%, tasks " + s.slots().allocated() + "/"
          + s.slots().total());
    }
    return out;
  }

  /** {@code mig-3g.40gb}; a MIG single-strategy instance names its profile and what it is published as. */
  static String partitionName(PartitionCapacity p) {
    String base = p.resource().contains("/") ? p.resource().substring(p.resource().indexOf('/') + 1) : p.resource();
    if (base.endsWith(p.profile())) {
      return base;
    }
    return "mig-" + p.profile() + " as " + base;
  }

  private static String ratio(String key, Amount a) {
    return Units.human(key, a.allocated()) + "/" + Units.human(key, a.total());
  }
}
