package io.argosy.fhpa.spec;

/** One entry of {@code spec.metrics} (autoscaling/v2 {@code MetricSpec}); Resource, Pods and Object are supported. */
public sealed interface MetricSpec {

  MetricTarget target();

  /** What the HPA calls this metric in reasons and events, e.g. {@code cpu resource utilization (percentage of request)}. */
  String describe();

  /** {@code type: Resource}: cpu or memory of the pods, against their requests (Utilization) or per pod (AverageValue). */
  record Resource(String name, MetricTarget target) implements MetricSpec {
    @Override
    public String describe() {
      return target.type() == MetricTarget.Type.Utilization
          ? name + " resource utilization (percentage of request)"
          : name + " resource";
    }
  }

  /** {@code type: Pods}: a per-pod custom metric, averaged over the pods (AverageValue only). */
  record Pods(String metricName, MetricTarget target) implements MetricSpec {
    @Override
    public String describe() {
      return "pods metric " + metricName;
    }
  }

  /** {@code type: Object}: one value describing another object (an Ingress' requests per second), Value or AverageValue. */
  record Object(String metricName, String describedKind, String describedName, MetricTarget target) implements MetricSpec {
    @Override
    public String describe() {
      return metricName + " metric on " + describedKind + "/" + describedName;
    }

    /** The key a metrics snapshot carries this object's value under: {@code Kind/name/metric}. */
    public String key() {
      return describedKind + "/" + describedName + "/" + metricName;
    }
  }
}
