package io.argosy.fhpa.simulate;

import io.argosy.gpu.InvalidSpecException;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A metric series in CSV, header {@code t,metric,value}: seconds from the start, a metric name, and
 * its value at that time. Values are plain numbers or Kubernetes quantities ({@code 500m},
 * {@code 200Mi}); errors name the line ({@code metrics.csv line 4: value: ...}).
 */
public record MetricSeries(TreeMap<Long, Map<String, String>> byTime) {

  public record Row(long t, String metric, String value) {}

  public static MetricSeries parse(String csv, String source) {
    TreeMap<Long, Map<String, String>> byTime = new TreeMap<>();
    List<String> lines = csv.lines().toList();
    boolean header = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + " line " + (i + 1);
      String[] f = line.split(",", -1);
      if (!header) {
        if (f.length != 3 || !f[0].strip().equals("t") || !f[1].strip().equals("metric") || !f[2].strip().equals("value")) {
          throw new InvalidSpecException(where, "header must be t,metric,value");
        }
        header = true;
        continue;
      }
      if (f.length != 3) {
        throw new InvalidSpecException(where, "expected 3 columns t,metric,value, got " + f.length);
      }
      long t;
      try {
        t = Long.parseLong(f[0].strip());
      } catch (NumberFormatException e) {
        throw new InvalidSpecException(where + ": t", "'" + f[0].strip() + "' is not a whole number of seconds");
      }
      if (t < 0) {
        throw new InvalidSpecException(where + ": t", "must not be negative");
      }
      String metric = f[1].strip();
      if (metric.isEmpty()) {
        throw new InvalidSpecException(where + ": metric", "Required value");
      }
      String value = f[2].strip();
      milli(value, where + ": value");
      byTime.computeIfAbsent(t, k -> new TreeMap<>()).put(metric, value);
    }
    if (!header) {
      throw new InvalidSpecException(source, "empty: expected a header t,metric,value and rows");
    }
    if (byTime.isEmpty()) {
      throw new InvalidSpecException(source, "no rows after the header");
    }
    return new MetricSeries(byTime);
  }

  /** A value in milli-units (quantity semantics: {@code 70} = 70 000, {@code 500m} = 500). */
  public static long milli(String value, String where) {
    try {
      Quantity q = new Quantity(value);
      var v = q.getNumericalAmount();
      if (v.signum() < 0) {
        throw new InvalidSpecException(where, "'" + value + "' is negative");
      }
      return v.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
    } catch (InvalidSpecException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidSpecException(where, "'" + value + "' is not a number or quantity");
    }
  }

  public List<Long> times() {
    return new ArrayList<>(byTime.keySet());
  }
}
