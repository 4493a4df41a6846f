package io.argosy.fhpa.cron;

import io.argosy.fhpa.spec.CronFederatedHpa;
import io.argosy.fhpa.spec.CronRule;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one CronFederatedHPA's rules against a clock. {@link #tick} executes every rule whose next
 * time has come — once, even if several runs were missed while nothing ticked (as Karmada's
 * scheduler, no catch-up) — then computes the next time from now. A suspended rule does not run and
 * has no next time; resuming it schedules from the resume. A FederatedHPA target gets new bounds
 * (the HPA keeps scaling inside them: the cron does not fight it); a workload target gets replicas.
 * Not thread-safe: one owner calls it.
 */
public final class CronScaler {
  private CronFederatedHpa spec;
  private final Map<String, RuleState> rules = new LinkedHashMap<>();

  private static final class RuleState {
    CronRule rule;
    CronSchedule schedule;
    Instant next;
    final Deque<ExecutionHistory.Success> ok = new ArrayDeque<>();
    final Deque<ExecutionHistory.Failure> failed = new ArrayDeque<>();
  }

  public CronScaler(CronFederatedHpa spec, Instant now) {
    update(spec, now);
  }

  public CronFederatedHpa spec() {
    return spec;
  }

  /** Takes a changed spec; rules keep their history by name, and a changed schedule, zone or suspension is rescheduled from now. */
  public void update(CronFederatedHpa newSpec, Instant now) {
    Map<String, RuleState> old = new LinkedHashMap<>(rules);
    rules.clear();
    for (CronRule r : newSpec.rules()) {
      RuleState s = old.getOrDefault(r.name(), new RuleState());
      boolean same = s.rule != null && s.rule.schedule().equals(r.schedule()) && s.rule.timeZone().equals(r.timeZone())
          && s.rule.suspend() == r.suspend();
      s.rule = r;
      s.schedule = CronSchedule.parse(r.schedule());
      if (!same) {
        s.next = r.suspend() ? null : s.schedule.next(now, r.timeZone());
      }
      trim(s);
      rules.put(r.name(), s);
    }
    spec = newSpec;
  }

  /** Runs the due rules in spec order; returns how many ran. */
  public int tick(Instant now, CronActions actions) {
    int ran = 0;
    for (RuleState s : rules.values()) {
      if (s.rule.suspend() || s.next == null || s.next.isAfter(now)) {
        continue;
      }
      Instant scheduled = s.next;
      for (Instant n = s.schedule.next(scheduled, s.rule.timeZone()); n != null && !n.isAfter(now);
          n = s.schedule.next(n, s.rule.timeZone())) {
        scheduled = n; // missed runs collapse into the latest one
      }
      execute(s, scheduled, now, actions);
      s.next = s.schedule.next(now, s.rule.timeZone());
      ran++;
    }
    return ran;
  }

  private void execute(RuleState s, Instant scheduled, Instant now, CronActions actions) {
    CronRule r = s.rule;
    try {
      if (spec.scaleTargetRef().isFederatedHpa()) {
        int[] applied = actions.setHpaBounds(spec.namespace(), spec.scaleTargetRef(), r.targetMinReplicas(), r.targetMaxReplicas());
        s.ok.addFirst(new ExecutionHistory.Success(scheduled, now, null, applied[0], applied[1]));
      } else {
        actions.scaleWorkload(spec.namespace(), spec.scaleTargetRef(), r.targetReplicas());
        s.ok.addFirst(new ExecutionHistory.Success(scheduled, now, r.targetReplicas(), null, null));
      }
    } catch (Exception e) {
      s.failed.addFirst(new ExecutionHistory.Failure(scheduled, now, e.getMessage() == null ? e.toString() : e.getMessage()));
    }
    trim(s);
  }

  private static void trim(RuleState s) {
    while (s.ok.size() > s.rule.successfulHistoryLimit()) {
      s.ok.removeLast();
    }
    while (s.failed.size() > s.rule.failedHistoryLimit()) {
      s.failed.removeLast();
    }
  }

  /** The earliest next execution over all rules, or null: when the owner should tick again. */
  public Instant nextDue() {
    Instant best = null;
    for (RuleState s : rules.values()) {
      if (s.next != null && (best == null || s.next.isBefore(best))) {
        best = s.next;
      }
    }
    return best;
  }

  /** {@code status.executionHistories}, in rule order. */
  public List<ExecutionHistory> histories() {
    List<ExecutionHistory> out = new ArrayList<>();
    for (RuleState s : rules.values()) {
      out.add(new ExecutionHistory(s.rule.name(), s.next, List.copyOf(s.ok), List.copyOf(s.failed)));
    }
    return out;
  }
}
