package io.argosy.core.view;

import java.util.List;

/**
 * The answer to a submission ({@code POST /v1/jobs}): one entry per document, in order. HTTP 201
 * when anything was created or changed, 200 when every document was already there unchanged.
 */
public record SubmitResult(List<ObjectResult> objects) {
  public SubmitResult {
    objects = List.copyOf(objects);
  }

  /**
   * @param result {@code created}, {@code unchanged} (identical to what is stored), {@code configured}
   *     (a queue, priority class or policy replaced)
   * @param uid the job's uid (jobs only)
   */
  public record ObjectResult(String apiVersion, String kind, String namespace, String name, String uid, String result) {}

  public boolean changedAnything() {
    return objects.stream().anyMatch(o -> !o.result().equals("unchanged"));
  }
}
