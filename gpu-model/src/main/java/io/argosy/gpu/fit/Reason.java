package io.argosy.gpu.fit;

import io.argosy.gpu.demand.AcceleratorDemand;
import io.argosy.gpu.demand.DemandKind;
import io.argosy.gpu.demand.DeviceSelector;

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
 * @param demand the accelerator demand that failed, for the message, or null
 * @param selector the pod's device selector when it excluded devices, or null
 * @param offered what the node has of this vendor, e.g. {@code A100-80GB (MIG mixed: 1g.10gb, 3g.40gb)},
 *     or null
 */
public record Reason(
    Kind kind,
    String resource,
    long need,
    long have,
    String detail,
    AcceleratorDemand demand,
    DeviceSelector selector,
    String offered) {

  public enum Kind {
    INSUFFICIENT, // not enough free
    NOT_OFFERED, // the node has none of this resource or mode at all
    TYPE_MISMATCH, // use-gputype / nouse-gputype / model in resource name
    UUID_MISMATCH, // use-gpuuuid / nouse-gpuuuid
    UNHEALTHY, // devices exist but are unhealthy
    NODE_NOT_READY,
    TOO_MANY_PODS
  }

  /** The contract's constructor. */
  public Reason(Kind kind, String resource, long need, long have, String detail) {
    this(kind, resource, need, have, detail, null, null, null);
  }

  /** Human text, e.g. {@code insufficient nvidia.com/gpu: need 4 free A100-80GB, node has 2}. */
  public String message() {
    if (kind == Kind.INSUFFICIENT && demand == null && resource.equals("cpu")) {
      return "insufficient cpu: need " + need + "m, node has " + have + "m free";
    }
    if (kind == Kind.INSUFFICIENT && demand == null && resource.equals("memory")) {
      return "insufficient memory: need " + mebibytes(need) + ", node has " + mebibytes(have) + " free";
    }
    String d = detail == null || detail.isEmpty() ? derivedDetail() : " " + detail;
    String o = offered == null || offered.isEmpty() ? "" : " (node has " + offered + ")";
    return switch (kind) {
      case INSUFFICIENT -> "insufficient " + resource + ": need " + need + d + ", node has " + have;
      case NOT_OFFERED -> "node offers no " + resource + d + o;
      case TYPE_MISMATCH -> "no device of the requested type for " + resource + typesAsked() + o;
      case UUID_MISMATCH -> "no device with an allowed UUID for " + resource + d + o;
      case UNHEALTHY -> "unhealthy devices for " + resource + d + o;
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

  private static String mebibytes(long bytes) {
    return (bytes + (1L << 20) - 1) / (1L << 20) + "Mi";
  }

  private String derivedDetail() {
    if (demand == null) {
      return "";
    }
    if (kind != Kind.INSUFFICIENT || demand.kind() == DemandKind.COUNTABLE) {
      return "";
    }
    if (demand.kind() == DemandKind.PARTITION) {
      return " free " + demand.profile() + " instances";
    }
    if (demand.kind() == DemandKind.SHARE) {
      StringBuilder b = new StringBuilder(" devices with ");
      if (demand.memoryMiB() > 0) {
        b.append(demand.memoryMiB()).append(" MiB");
      } else {
        b.append(Math.max(0, demand.memoryPercent())).append("% memory");
      }
      if (demand.coresPercent() > 0) {
        b.append(" and ").append(demand.coresPercent()).append("% cores");
      }
      return b.append(" free").toString();
    }
    return demand.model() == null ? " free devices" : " free " + demand.model();
  }

  private String typesAsked() {
    StringBuilder b = new StringBuilder();
    if (demand != null && demand.model() != null) {
      b.append("model ").append(demand.model());
    }
    if (selector != null && !selector.useTypes().isEmpty()) {
      b.append(b.length() > 0 ? ", " : "").append("use-gputype ").append(String.join(",", selector.useTypes()));
    }
    if (selector != null && !selector.noUseTypes().isEmpty()) {
      b.append(b.length() > 0 ? ", " : "").append("nouse-gputype ").append(String.join(",", selector.noUseTypes()));
    }
    return b.length() == 0 ? "" : " (asked " + b + ")";
  }
}
