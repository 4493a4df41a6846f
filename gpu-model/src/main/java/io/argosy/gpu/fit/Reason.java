package io.argosy.gpu.fit;

/**
 * Why a pod does not fit a node: one per failed check. Structured so that the scheduler can
 * aggregate reasons over many nodes ("insufficient nvidia.com/gpu on 12 nodes") without building
 * strings in the hot path; {@link #message()} renders the human text.
 *
 * @param kind which check failed
 * @param resource the resource or annotation concerned, e.g. {@code nvidia.com/mig-7g.80gb}
 * @param need how much was asked (in the resource's units), or -1
 * @param have how much the node can offer, or -1
 * @param detail extra words, e.g. {@code free A100-80GB} or the type that was asked for; may be empty
 */
public record Reason(Kind kind, String resource, long need, long have, String detail) {

  public enum Kind {
    INSUFFICIENT, // not enough free
    NOT_OFFERED, // the node has none of this resource or mode at all
    TYPE_MISMATCH, // use-gputype / nouse-gputype / model in resource name
    UUID_MISMATCH, // use-gpuuuid / nouse-gpuuuid
    UNHEALTHY, // devices exist but are unhealthy
    NODE_NOT_READY,
    TOO_MANY_PODS
  }

  /** Human text, e.g. {@code insufficient nvidia.com/gpu: need 4 free A100-80GB, node has 2}. */
  public String message() {
    String d = detail == null || detail.isEmpty() ? "" : " " + detail;
    return switch (kind) {
      case INSUFFICIENT -> "insufficient " + resource + ": need " + need + d + ", node has " + have;
      case NOT_OFFERED -> "node offers no " + resource + d;
      case TYPE_MISMATCH -> "no device of the requested type for " + resource + d;
      case UUID_MISMATCH -> "no device with an allowed UUID for " + resource + d;
      case UNHEALTHY -> "unhealthy devices for " + resource + d;
      case NODE_NOT_READY -> "node not ready" + d;
      case TOO_MANY_PODS -> "too many pods: node allows " + have;
    };
  }

  /** Aggregation key: kind and resource, e.g. {@code insufficient nvidia.com/gpu}. */
  public String key() {
    return switch (kind) {
      case INSUFFICIENT -> "insufficient " + resource;
      case NOT_OFFERED -> "no " + resource;
      case TYPE_MISMATCH -> "device type for " + resource;
      case UUID_MISMATCH -> "device UUID for " + resource;
      case UNHEALTHY -> "unhealthy " + resource;
      case NODE_NOT_READY -> "node not ready";
      case TOO_MANY_PODS -> "too many pods";
    };
  }
}
