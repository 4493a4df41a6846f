package io.argosy.queue;

import io.argosy.queue.job.Job;
import io.argosy.queue.job.Transition;

/** Told of every job state change, on the scheduler thread (core makes it durable). */
@FunctionalInterface
public interface TransitionListener {
  void onTransition(Job job, Transition transition);
}
