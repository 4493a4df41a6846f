package io.argosy.core.control;

import io.argosy.queue.job.Job;

/**
 * A job the API accepted and the store holds, handed to the scheduler thread.
 *
 * @param arrivedNanos {@link System#nanoTime()} when its submission arrived (submit-to-bind latency)
 */
public record AcceptedJob(String uid, long sequence, Job job, String apiVersion, String kind, long arrivedNanos) {}
