package io.argosy.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One durable change. The control plane describes what happened with these values; a {@link Store}
 * writes a batch of them in one transaction. They carry plain text, numbers and JSON so that every
 * store implementation (SQLite now, a server database later) writes the same thing.
 */
public sealed interface StoreOp {

  /** A job was accepted: its row and its first history entry (Pending, "Submitted"). */
  record JobAccepted(StoredJob job) implements StoreOp {
    public JobAccepted {
      Objects.requireNonNull(job, "job");
    }
  }

  /** A job changed state; appended to its history, its current state updated. */
  record JobTransition(String uid, String from, String to, String reason, Instant at) implements StoreOp {
    public JobTransition {
      Objects.requireNonNull(uid, "uid");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(at, "at");
    }
  }

  /** A job was deleted: its row, history and bindings go, and its name may be used again. */
  record JobPurged(String uid) implements StoreOp {}

  /** A binding was emitted by the scheduler (before it is sent to the agent). */
  record BindingSaved(StoredBinding binding) implements StoreOp {}

  /** The agent accepted a binding: on restart it is not re-sent unless its pods are gone. */
  record BindingAccepted(String bindingId) implements StoreOp {}

  /** A binding ended (rejected, expired, withdrawn, or its job ended): it holds nothing any more. */
  record BindingClosed(String bindingId, String reason) implements StoreOp {}

  /** A configuration object was created or replaced. */
  record ConfigPut(ConfigKind kind, String name, String json) implements StoreOp {
    public ConfigPut {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(json, "json");
    }
  }

  /** A configuration object was removed. */
  record ConfigDeleted(ConfigKind kind, String name) implements StoreOp {}

  /** A mutating API call was answered: appended to the audit log. */
  record AuditRecorded(AuditEntry entry) implements StoreOp {
    public AuditRecorded {
      Objects.requireNonNull(entry, "entry");
    }
  }

  /** A queue's quota changed (created, configured or deleted): appended to the quota audit log. */
  record QuotaChanged(String queue, String who, Instant at, String action, String before, String after) implements StoreOp {
    public QuotaChanged {
      Objects.requireNonNull(queue, "queue");
      Objects.requireNonNull(who, "who");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(action, "action");
    }
  }
}
