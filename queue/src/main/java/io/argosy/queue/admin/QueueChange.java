package io.argosy.queue.admin;

import io.argosy.queue.QueueSpec;
import io.argosy.queue.quota.QuotaOverage;
import java.util.List;

/**
 * The result of changing a queue: its new spec, and every key whose usage is now above the new
 * capability. Such a change is allowed: running work is kept and the queue admits nothing more under
 * those keys until usage falls below.
 */
public record QueueChange(QueueSpec spec, List<QuotaOverage> overages) {
  public QueueChange {
    overages = List.copyOf(overages);
  }

  public boolean belowUsage() {
    return !overages.isEmpty();
  }
}
