package io.argosy.queue.manifest;

import io.argosy.queue.QueueSpec;
import java.util.List;

/**
 * A Volcano {@code scheduling.volcano.sh/v1beta1} Queue.
 *
 * @param spec the queue itself
 * @param impliedAncestors queues implied by a {@code volcano.sh/hierarchy} path, root side first
 *     (named by their path, e.g. {@code root/eng}), to define before {@code spec}
 */
public record QueueManifest(int documentIndex, QueueSpec spec, List<QueueSpec> impliedAncestors) implements Manifest {
  public QueueManifest {
    impliedAncestors = List.copyOf(impliedAncestors);
  }

  /** Every queue to define, parents first. */
  public List<QueueSpec> specs() {
    java.util.ArrayList<QueueSpec> all = new java.util.ArrayList<>(impliedAncestors);
    all.add(spec);
    return List.copyOf(all);
  }

  @Override
  public String apiVersion() {
    return "scheduling.volcano.sh/v1beta1";
  }

  @Override
  public String kind() {
    return "Queue";
  }

  @Override
  public String displayName() {
    return spec.name();
  }
}
