package io.argosy.queue.job;

import java.time.Instant;

/** One state change of a job, with why and when. The first one has {@code from == null} (submission). */
public record Transition(JobState from, JobState to, String reason, Instant at) {}
