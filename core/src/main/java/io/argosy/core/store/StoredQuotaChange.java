package io.argosy.core.store;

import java.time.Instant;

/**
 * One audited quota change as stored.
 *
 * @param id increasing with every change
 * @param action {@code created}, {@code configured} or {@code deleted}
 * @param before the queue's quota before, as JSON ({@code {"capability": {...}, "guarantee": {...}, "deserved": {...}}}), null when created
 * @param after the quota after, as JSON, null when deleted
 */
public record StoredQuotaChange(long id, String queue, String who, Instant at, String action, String before, String after) {}
