package io.argosy.scheduler.framework;

import io.argosy.queue.job.JobId;
import java.time.Instant;

/**
 * A blocked gang's claim on a cluster for this cycle: the earliest time its demand frees up there
 * according to the running jobs' runtime estimates. Other jobs may start in that cluster only if their
 * own estimate ends by then (backfill).
 */
public record Reservation(JobId job, String cluster, Instant start) {}
