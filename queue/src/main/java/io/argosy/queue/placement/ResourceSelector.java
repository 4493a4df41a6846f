package io.argosy.queue.placement;

import java.util.Map;

/**
 * Karmada {@code resourceSelectors[]}: selects objects by apiVersion and kind, optionally narrowed
 * by namespace, name, or labels. When a name is given the label selector is ignored, as in Karmada.
 *
 * @param namespace null or empty for any namespace
 * @param name null or empty for any name
 * @param labelSelector null when not given
 */
public record ResourceSelector(String apiVersion, String kind, String namespace, String name, LabelSelector labelSelector) {

  public boolean matches(PolicyTarget t) {
    if (!apiVersion.equals(t.apiVersion()) || !kind.equals(t.kind())) {
      return false;
    }
    if (namespace != null && !namespace.isEmpty() && !namespace.equals(t.namespace())) {
      return false;
    }
    if (name != null && !name.isEmpty()) {
      return name.equals(t.name());
    }
    return labelSelector == null || labelSelector.matches(t.labels() == null ? Map.of() : t.labels());
  }

  /** How specific the selector is: 3 by name, 2 by labels, 1 by kind only. */
  public int specificity() {
    if (name != null && !name.isEmpty()) {
      return 3;
    }
    return labelSelector != null && !labelSelector.isEmpty() ? 2 : 1;
  }
}
