package io.argosy.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A job as stored: enough to rebuild it after a restart (the manifest is parsed again) and to
 * answer for it (state and history).
 *
 * @param uid unique per accepted job, like a Kubernetes UID; a name can be used again after a delete
 * @param kind the job kind's enum name ({@code VOLCANO_JOB}, {@code BATCH_JOB}, {@code POD})
 * @param priority the priority value resolved at acceptance (kept even if the class changes later)
 * @param priorityClass the class it came from, or null
 * @param manifest the submitted document as compact JSON, with its resolved name
 * @param manifestHash SHA-256 of {@code manifest}: identical resubmissions are recognised by it
 * @param sequence acceptance order (restores the queue order among equal submit times)
 * @param state the current state's display name ({@code Pending}, {@code Running}, ...)
 * @param history every transition, oldest first (loaded; empty when writing)
 */
public record StoredJob(
    String uid,
    String namespace,
    String name,
    String kind,
    String queue,
    int priority,
    String priorityClass,
    Instant submittedAt,
    String manifest,
    String manifestHash,
    long sequence,
    String state,
    List<StoredTransition> history) {

  public StoredJob {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(manifest, "manifest");
    history = history == null ? List.of() : List.copyOf(history);
  }
}
