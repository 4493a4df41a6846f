package io.argosy.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The control plane's metrics, served at {@code /metrics} in Prometheus text format. Every name
 * starts with {@code argosy_}; core/README.md lists them. Counters and histograms are written from
 * any thread; gauges are read at scrape time from the published read model.
 */
public final class Metrics {
  /** A gauge family: label set to value, read at scrape time. */
  private record Gauge(String name, String help, Supplier<Map<Map<String, String>, Double>> values) {}

  /** A counter family with one label (or none: label null). */
  private record Counter(String name, String help, String label, Map<String, LongAdder> values) {}

  public final LatencyHistogram cycleTime =
      new LatencyHistogram("argosy_scheduling_cycle_seconds", "Duration of scheduling cycles that had work.");
  public final LatencyHistogram submitToBind = new LatencyHistogram("argosy_submit_to_bind_seconds",
      "From a job's submission arriving to its binding being durable and sent to the agent.");
  public final LatencyHistogram submitToRunning = new LatencyHistogram("argosy_submit_to_running_seconds",
      "From a job's submission arriving to the agents reporting all of its pods Running (first run only).");
  public final LatencyHistogram storeCommit =
      new LatencyHistogram("argosy_store_commit_seconds", "Duration of store transactions (group commits).");

  private final List<Counter> counters = new ArrayList<>();
  private final List<Gauge> gauges = new ArrayList<>();
  private final Counter submissions = counter("argosy_submissions_total",
      "Jobs submitted, by result: created, unchanged (identical resubmission), rejected (4xx).", "result");
  private final Counter placements =
      counter("argosy_placements_total", "Gang bindings emitted by the scheduler, by cluster.", "cluster");
  private final Counter podsBound = counter("argosy_pods_bound_total", "Pods in emitted bindings, by cluster.", "cluster");
  private final Counter preemptions =
      counter("argosy_preemptions_total", "Jobs evicted for higher-priority work or reclaim.", null);
  private final Counter bindingResults = counter("argosy_binding_results_total",
      "Binding results from agents: accepted, rejected; expired when no answer came in time.", "result");
  private final Counter finished =
      counter("argosy_jobs_finished_total", "Jobs that reached a final state, by state.", "state");
  private final Counter requeues =
      counter("argosy_requeues_total", "Jobs sent back to Pending, by cause.", "cause");
  private final Counter agentMessages =
      counter("argosy_agent_messages_total", "Messages received from agents, by type.", "type");
  private final Counter cycles = counter("argosy_scheduling_cycles_total", "Scheduling cycles run.", null);

  private Counter counter(String name, String help, String label) {
    Counter c = new Counter(name, help, label, new ConcurrentHashMap<>());
    counters.add(c);
    return c;
  }

  /** Registers a gauge family read at scrape time. */
  public void gauge(String name, String help, Supplier<Map<Map<String, String>, Double>> values) {
    gauges.add(new Gauge(name, help, values));
  }

  private static void inc(Counter c, String labelValue, long n) {
    c.values.computeIfAbsent(labelValue == null ? "" : labelValue, k -> new LongAdder()).add(n);
  }

  public void submission(String result) {
    inc(submissions, result, 1);
  }

  public void placement(String cluster, int pods) {
    inc(placements, cluster, 1);
    inc(podsBound, cluster, pods);
  }

  public void preemption() {
    inc(preemptions, null, 1);
  }

  public void bindingResult(String result) {
    inc(bindingResults, result, 1);
  }

  public void finished(String state) {
    inc(finished, state, 1);
  }

  public void requeue(String cause) {
    inc(requeues, cause, 1);
  }

  public void agentMessage(String type) {
    inc(agentMessages, type, 1);
  }

  public void cycle() {
    inc(cycles, null, 1);
  }

  /** A counter's current value (for tests and the demo's summary); label null for unlabelled ones. */
  public long count(String name, String labelValue) {
    for (Counter c : counters) {
      if (c.name.equals(name)) {
        LongAdder a = c.values.get(labelValue == null ? "" : labelValue);
        return a == null ? 0 : a.sum();
      }
    }
    throw new IllegalArgumentException("no counter " + name);
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    StringBuilder out = new StringBuilder(8192);
    for (Counter c : counters) {
      Prometheus.family(out, c.name, "counter", c.help);
      if (c.label == null) {
        LongAdder a = c.values.get("");
        Prometheus.sample(out, c.name, Map.of(), a == null ? 0 : a.sum());
      } else {
        new TreeMap<>(c.values).forEach((k, v) -> Prometheus.sample(out, c.name, Map.of(c.label, k), v.sum()));
      }
    }
    for (LatencyHistogram h : List.of(cycleTime, submitToBind, submitToRunning, storeCommit)) {
      h.write(out);
    }
    for (Gauge g : gauges) {
      Prometheus.family(out, g.name, "gauge", g.help);
      Map<Map<String, String>, Double> values;
      try {
        values = g.values.get();
      } catch (RuntimeException e) {
        continue;
      }
      values.forEach((labels, v) -> Prometheus.sample(out, g.name, new TreeMap<>(labels), v));
    }
    return out.toString();
  }
}
