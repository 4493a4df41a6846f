package io.argosy.queue.manifest;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.queue.job.LifecyclePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Volcano lifecycle policies: validated as Volcano's job admission webhook does, then kept for the agent. */
final class VolcanoPolicies {
  /** Events a user may write ({@code OutOfSync} and {@code CommandIssued} are internal). */
  static final List<String> EVENTS =
      List.of("*", "PodFailed", "PodEvicted", "Unknown", "TaskCompleted", "TaskFailed", "JobUpdated");
  /** Actions a user may write. */
  static final List<String> ACTIONS =
      List.of("AbortJob", "RestartJob", "RestartTask", "TerminateJob", "CompleteJob", "ResumeJob");

  private VolcanoPolicies() {}

  static List<LifecyclePolicy> validate(List<io.fabric8.volcano.api.model.batch.v1alpha1.LifecyclePolicy> policies, String path) {
    if (policies == null || policies.isEmpty()) {
      return List.of();
    }
    List<LifecyclePolicy> out = new ArrayList<>();
    Set<String> seenEvents = new LinkedHashSet<>();
    Set<Integer> seenExitCodes = new HashSet<>();
    for (int i = 0; i < policies.size(); i++) {
      var p = policies.get(i);
      String at = path + "[" + i + "]";
      boolean hasEvent = (p.getEvent() != null && !p.getEvent().isEmpty()) || (p.getEvents() != null && !p.getEvents().isEmpty());
      if (hasEvent && p.getExitCode() != null) {
        throw new InvalidSpecException(at, "must not specify event and exitCode simultaneously");
      }
      if (!hasEvent && p.getExitCode() == null) {
        throw new InvalidSpecException(at, "either event and exitCode should be specified");
      }
      if (hasEvent) {
        Set<String> events = new LinkedHashSet<>();
        if (p.getEvents() != null) {
          events.addAll(p.getEvents());
        }
        if (p.getEvent() != null && !p.getEvent().isEmpty()) {
          events.add(p.getEvent());
        }
        String field = p.getEvent() != null && !p.getEvent().isEmpty() ? at + ".event" : at + ".events";
        for (String e : events) {
          if (!EVENTS.contains(e)) {
            throw new InvalidSpecException(field, "invalid policy event " + e + "; valid events are " + EVENTS);
          }
          if (!ACTIONS.contains(p.getAction())) {
            throw new InvalidSpecException(at + ".action",
                "invalid policy action " + p.getAction() + "; valid actions are " + ACTIONS);
          }
          if (!seenEvents.add(e)) {
            throw new InvalidSpecException(field, "duplicate event " + e + " across different policy");
          }
        }
      } else {
        if (p.getExitCode() == 0) {
          throw new InvalidSpecException(at + ".exitCode", "0 is not a valid error code");
        }
        if (!seenExitCodes.add(p.getExitCode())) {
          throw new InvalidSpecException(at + ".exitCode", "duplicate exitCode " + p.getExitCode());
        }
        if (!ACTIONS.contains(p.getAction())) {
          throw new InvalidSpecException(at + ".action",
              "invalid policy action " + p.getAction() + "; valid actions are " + ACTIONS);
        }
      }
      Duration timeout = p.getTimeout() == null ? null : p.getTimeout().getDuration();
      out.add(new LifecyclePolicy(p.getEvent(), p.getEvents(), p.getAction(), p.getExitCode(), timeout));
    }
    if (seenEvents.contains("*") && seenEvents.size() > 1) {
      throw new InvalidSpecException(path, "if there's * here, no other policy should be here");
    }
    return out;
  }
}
