package io.argosy.queue.quota;

/**
 * A resource key whose usage is above the queue's capability, which only a quota change can cause
 * (admission never goes over). Running work is kept; the queue admits nothing more under that key
 * until usage drops below the capability.
 */
public record QuotaOverage(String queue, String key, long usage, long capability) {
  public String describe() {
    return "queue " + queue + ": " + key + " in use " + usage + " is over the new capability " + capability
        + "; running work is kept, new admissions wait";
  }
}
