package io.argosy.scheduler.simulate;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.gpu.inventory.InventoryReader;
import io.argosy.queue.JobQueues;
import io.argosy.queue.QueueSpec;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobId;
import io.argosy.queue.manifest.JobManifest;
import io.argosy.queue.manifest.Manifest;
import io.argosy.queue.manifest.ManifestParser;
import io.argosy.queue.manifest.NameGenerator;
import io.argosy.queue.manifest.PriorityClassManifest;
import io.argosy.queue.manifest.PropagationPolicyManifest;
import io.argosy.queue.manifest.QueueManifest;
import io.argosy.queue.placement.PlacementResolver;
import io.argosy.queue.priority.PriorityClasses;
import io.argosy.scheduler.cycle.CycleResult;
import io.argosy.scheduler.cycle.PendingJob;
import io.argosy.scheduler.cycle.Scheduler;
import io.argosy.scheduler.cycle.WorkloadHints;
import io.argosy.scheduler.fleet.FleetState;
import io.argosy.scheduler.fleet.GangBinding;
import io.argosy.scheduler.framework.Reservation;
import io.argosy.scheduler.framework.SchedulerConfig;
import io.argosy.scheduler.invariant.InvariantChecker;
import io.argosy.scheduler.preempt.Preemption;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine behind {@code argosy simulate}: one scheduling run over a fleet and a jobs file, offline.
 *
 * <p>Queues, PriorityClasses and Karmada policies in the jobs file are applied first (in file
 * order); then every job (Volcano Job, batch Job, bare Pod) is submitted at the same instant, one
 * nanosecond apart in file order so that equal priorities keep file order. Cycles run at that
 * instant until one changes nothing (at most {@link #MAX_CYCLES}): later cycles matter only when a
 * cycle preempted or reclaimed. Jobs never start running, so nothing completes. Other documents
 * (Deployments, PodGroups, unknown kinds) are ignored.
 */
public final class Simulation {
  public static final int MAX_CYCLES = 8;
  public static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  private final FleetState fleet = new FleetState();
  private final JobQueues queues;
  private final Scheduler scheduler;
  private final List<Job> jobs = new ArrayList<>();

  private Simulation(SchedulerConfig config, Clock clock) {
    this.queues = new JobQueues(clock);
    this.scheduler = new Scheduler(fleet, queues, config, clock);
  }

  /**
   * Loads the fleet and the jobs.
   *
   * @throws InvalidSpecException for an invalid node, taint or label (field path under {@code clusters[i]})
   * @throws io.argosy.queue.manifest.ManifestException for an invalid document in the jobs file
   */
  public static Simulation of(List<ClusterInput> clusters, String jobsYaml, SchedulerConfig config) {
    Clock clock = Clock.fixed(START, ZoneOffset.UTC);
    Simulation sim = new Simulation(config, clock);
    Catalog catalog = Catalog.builtin();
    sim.loadFleet(clusters, new InventoryReader(catalog));
    sim.loadJobs(jobsYaml, new ManifestParser(new DemandParser(catalog), NameGenerator.seeded(1)));
    return sim;
  }

  private void loadFleet(List<ClusterInput> clusters, InventoryReader reader) {
    for (int i = 0; i < clusters.size(); i++) {
      ClusterInput c = clusters.get(i);
      String path = "clusters[" + i + "]";
      try {
        fleet.upsertCluster(c.name(), c.labels(), c.taints(), true, null);
      } catch (InvalidSpecException e) {
        throw e.under(path);
      }
      for (int n = 0; n < c.nodes().size(); n++) {
        Node node = c.nodes().get(n);
        try {
          fleet.upsertNode(c.name(), reader.read(node));
        } catch (InvalidSpecException e) {
          throw e.under(path + ".nodes[" + n + "]");
        }
      }
    }
  }

  private void loadJobs(String yaml, ManifestParser parser) {
    List<Manifest> docs = parser.parse(yaml);
    PriorityClasses classes = new PriorityClasses();
    PlacementResolver resolver = new PlacementResolver();
    List<JobManifest> jobManifests = new ArrayList<>();
    for (Manifest m : docs) {
      if (m instanceof QueueManifest q) {
        for (QueueSpec spec : q.specs()) {
          try {
            queues.defineQueue(spec);
          } catch (InvalidSpecException e) {
            throw e.under("document " + q.documentIndex() + " (Queue " + q.displayName() + ")");
          }
        }
      } else if (m instanceof PriorityClassManifest pc) {
        classes.put(pc.spec());
      } else if (m instanceof PropagationPolicyManifest pp) {
        resolver.put(pp.policy());
      } else if (m instanceof JobManifest j) {
        jobManifests.add(j);
      }
    }
    Map<JobId, Integer> seen = new HashMap<>();
    for (int i = 0; i < jobManifests.size(); i++) {
      JobManifest m = jobManifests.get(i);
      Integer earlier = seen.put(m.id(), m.documentIndex());
      if (earlier != null) {
        throw new InvalidSpecException("document " + m.documentIndex() + ".metadata.name",
            "job " + m.id() + " already defined in document " + earlier);
      }
      Job job;
      try {
        job = m.toJob(classes, resolver.placementFor(m.target()), START.plusNanos(i));
        WorkloadHints.of(job, true);
      } catch (InvalidSpecException e) {
        throw e.under("document " + m.documentIndex() + " (" + m.kind() + " " + m.displayName() + ")");
      }
      jobs.add(job);
    }
    scheduler.prime(jobs);
    for (Job j : jobs) {
      queues.submit(j);
    }
  }

  /** Runs cycles until nothing changes; checks the invariants at the end. */
  public SimulationResult run() {
    Map<String, GangBinding> held = new LinkedHashMap<>();
    List<Preemption> preempted = new ArrayList<>();
    CycleResult last = null;
    int cycles = 0;
    while (cycles < MAX_CYCLES) {
      last = scheduler.runCycle();
      cycles++;
      for (Preemption p : last.preemptions()) {
        held.values().removeIf(b -> b.job().equals(p.victim()));
      }
      for (GangBinding b : last.bindings()) {
        held.put(b.bindingId(), b);
      }
      preempted.addAll(last.preemptions());
      if (last.preemptions().isEmpty()) {
        break; // every job was considered; only evictions can change the next cycle's answer
      }
    }
    List<PendingJob> pending = last == null ? List.of() : last.pending();
    List<Reservation> reservations = last == null ? List.of() : last.reservations();
    return new SimulationResult(List.copyOf(held.values()), pending, preempted, reservations,
        InvariantChecker.check(fleet, queues), cycles);
  }

  public FleetState fleet() {
    return fleet;
  }

  public JobQueues queues() {
    return queues;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /** The jobs submitted, in file order. */
  public List<Job> jobs() {
    return List.copyOf(jobs);
  }
}
