package io.argosy.fhpa.simulate;

import io.argosy.fhpa.algo.Autoscaler;
import io.argosy.fhpa.algo.Decision;
import io.argosy.fhpa.algo.HpaEvent;
import io.argosy.fhpa.algo.MetricsSnapshot;
import io.argosy.fhpa.algo.PodSample;
import io.argosy.fhpa.cron.CronActions;
import io.argosy.fhpa.cron.CronScaler;
import io.argosy.fhpa.cron.HpaBounds;
import io.argosy.fhpa.divide.Division;
import io.argosy.fhpa.divide.ReplicaDivider;
import io.argosy.fhpa.spec.CronFederatedHpa;
import io.argosy.fhpa.spec.FederatedHpa;
import io.argosy.fhpa.spec.MetricSpec;
import io.argosy.fhpa.spec.MetricTarget;
import io.argosy.fhpa.spec.ScaleTargetRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Offline replay: the HPA (and any CronFederatedHPAs aimed at it or its workload) evaluated at each
 * time of a metric series, on a simulated clock starting at {@code start}, the workload starting at
 * {@code minReplicas}. Each pod is ready and reports the series' value at that time:
 * <ul>
 *   <li>{@code cpu}/{@code memory} with a Utilization target: the average utilization in percent;
 *       with an AverageValue target: the per-pod average as a quantity ({@code 250m}, {@code 300Mi});
 *   <li>a Pods metric's name: the per-pod average; an Object metric's name: the object's value.
 * </ul>
 * A metric not given at a time keeps its last value; one never given is missing (no proposal).
 * The series does not react to scaling (it is a replay, not a load model). {@code available} is each
 * cluster's room for the pod template on empty nodes; the replicas already placed there are taken off.
 */
public final class FhpaSimulation {
  private static final long REQUEST_MILLI = 1000; // each simulated pod requests 1 unit of cpu/memory

  private FhpaSimulation() {}

  public static List<TickDecision> run(FederatedHpa initial, List<CronFederatedHpa> crons, MetricSeries series,
      List<String> clusters, Division division, Map<String, Long> available, Instant start) {
    FederatedHpa[] hpa = {initial};
    int[] replicas = {initial.minReplicas()};
    Autoscaler autoscaler = new Autoscaler();
    List<CronScaler> scalers = new ArrayList<>();
    for (CronFederatedHpa c : crons) {
      scalers.add(new CronScaler(c, start));
    }
    CronActions actions = new CronActions() {
      @Override
      public void scaleWorkload(String namespace, ScaleTargetRef target, int n) {
        if (!target.name().equals(initial.scaleTargetRef().name())) {
          throw new IllegalArgumentException(target + " is not simulated");
        }
        replicas[0] = n;
      }

      @Override
      public int[] setHpaBounds(String namespace, ScaleTargetRef target, Integer min, Integer max) {
        if (!target.name().equals(initial.name())) {
          throw new IllegalArgumentException("FederatedHPA " + target.name() + " is not simulated");
        }
        hpa[0] = HpaBounds.apply(hpa[0], min, max);
        return new int[] {hpa[0].minReplicas(), hpa[0].maxReplicas()};
      }
    };
    Map<String, String> last = new HashMap<>();
    Map<String, Integer> split = new LinkedHashMap<>();
    List<TickDecision> out = new ArrayList<>();
    for (long t : series.times()) {
      Instant now = start.plusSeconds(t);
      last.putAll(series.byTime().get(t));
      for (CronScaler s : scalers) {
        s.tick(now, actions);
      }
      int current = replicas[0];
      Decision d = autoscaler.reconcile(hpa[0], current, current, snapshot(hpa[0], current, last), now);
      replicas[0] = d.desiredReplicas();
      Map<String, Long> free = new HashMap<>(); // capacity left once the replicas already placed run
      for (Map.Entry<String, Long> e : available.entrySet()) {
        free.put(e.getKey(), Math.max(0, e.getValue() - split.getOrDefault(e.getKey(), 0)));
      }
      split = ReplicaDivider.divide(replicas[0], clusters, division, free, split);
      List<String> events = new ArrayList<>();
      for (HpaEvent e : d.events()) {
        events.add(e.reason() + ": " + e.message());
      }
      out.add(new TickDecision(t, current, d.desiredReplicas(), d.rescale(), d.reason(), hpa[0].minReplicas(),
          hpa[0].maxReplicas(), new LinkedHashMap<>(split), events));
    }
    return out;
  }

  private static MetricsSnapshot snapshot(FederatedHpa hpa, int replicas, Map<String, String> values) {
    Map<String, Long> usage = new HashMap<>();
    Map<String, Long> objects = new HashMap<>();
    for (MetricSpec m : hpa.metrics()) {
      if (m instanceof MetricSpec.Resource r && values.containsKey(r.name())) {
        long v = MetricSeries.milli(values.get(r.name()), r.name());
        usage.put(r.name(), r.target().type() == MetricTarget.Type.Utilization ? v * REQUEST_MILLI / 100_000 : v);
      } else if (m instanceof MetricSpec.Pods p && values.containsKey(p.metricName())) {
        usage.put(p.metricName(), MetricSeries.milli(values.get(p.metricName()), p.metricName()));
      } else if (m instanceof MetricSpec.Object o) {
        String v = values.containsKey(o.key()) ? values.get(o.key()) : values.get(o.metricName());
        if (v != null) {
          objects.put(o.key(), MetricSeries.milli(v, o.metricName()));
        }
      }
    }
    Map<String, Long> requests = Map.of("cpu", REQUEST_MILLI, "memory", REQUEST_MILLI);
    List<PodSample> pods = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      pods.add(PodSample.running("pod-" + i, "", requests, usage));
    }
    return new MetricsSnapshot(pods, objects);
  }
}
