package io.argosy.fhpa.spec;

/**
 * {@code target} of a metric. Values are milli-units, as the Kubernetes HPA compares them
 * ({@code averageValue: 500m} of cpu = 500, {@code value: 10k} = 10 000 000).
 *
 * @param averageUtilization percent of the pods' requests, for {@link Type#Utilization}
 */
public record MetricTarget(Type type, int averageUtilization, long averageValueMilli, long valueMilli) {

  public enum Type {
    Utilization,
    AverageValue,
    Value
  }

  public static MetricTarget utilization(int percent) {
    return new MetricTarget(Type.Utilization, percent, 0, 0);
  }

  public static MetricTarget averageValue(long milli) {
    return new MetricTarget(Type.AverageValue, 0, milli, 0);
  }

  public static MetricTarget value(long milli) {
    return new MetricTarget(Type.Value, 0, 0, milli);
  }
}
