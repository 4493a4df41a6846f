package io.argosy.core.store;

import java.util.List;
import java.util.Map;

/**
 * Everything a store holds, read once at start-up to rebuild the control plane.
 *
 * @param config per kind, name to JSON
 * @param jobs every job not deleted (ended ones too, for listings), in acceptance order
 * @param bindings every open binding, and the closed ones of each job's last placement, in emission order
 */
public record StoreContents(
    Map<ConfigKind, Map<String, String>> config, List<StoredJob> jobs, List<StoredBinding> bindings) {

  public StoreContents {
    config = Map.copyOf(config);
    jobs = List.copyOf(jobs);
    bindings = List.copyOf(bindings);
  }

  public Map<String, String> config(ConfigKind kind) {
    return config.getOrDefault(kind, Map.of());
  }

  /** The highest job sequence stored, or 0. */
  public long maxJobSequence() {
    return jobs.stream().mapToLong(StoredJob::sequence).max().orElse(0);
  }
}
