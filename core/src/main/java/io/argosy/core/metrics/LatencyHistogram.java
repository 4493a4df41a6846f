package io.argosy.core.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A latency distribution recorded from any thread (HdrHistogram {@link Recorder}, wait-free for
 * writers) and exported as a Prometheus histogram with fixed buckets, plus exact-ish quantiles.
 * Values are nanoseconds, exported in seconds.
 */
public final class LatencyHistogram {
  /** Bucket bounds in seconds, 250 µs to 60 s, fine around the 50 ms submit-to-bind target. */
  static final double[] BUCKETS = {
    0.00025, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.075, 0.1, 0.15,
    0.25, 0.5, 1, 2.5, 5, 10, 30, 60
  };
  private static final long MAX_NANOS = 3_600_000_000_000L;

  private final String name;
  private final String help;
  private final Recorder recorder = new Recorder(MAX_NANOS, 3);
  private final Histogram total = new Histogram(MAX_NANOS, 3);
  private double sumSeconds;

  public LatencyHistogram(String name, String help) {
    this.name = name;
    this.help = help;
  }

  public void recordNanos(long nanos) {
    recorder.recordValue(Math.max(0, Math.min(MAX_NANOS, nanos)));
  }

  /** Everything recorded so far (a copy). */
  public synchronized Histogram snapshot() {
    Histogram interval = recorder.getIntervalHistogram();
    if (interval.getTotalCount() > 0) {
      sumSeconds += interval.getMean() * interval.getTotalCount() / 1e9;
      total.add(interval);
    }
    return total.copy();
  }

  /** Appends the Prometheus text of this histogram, and a {@code _quantile_seconds} gauge family. */
  synchronized void write(StringBuilder out) {
    Histogram h = snapshot();
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" histogram\n");
    for (double le : BUCKETS) {
      long count = h.getTotalCount() == 0 ? 0 : h.getCountBetweenValues(0, (long) (le * 1e9));
      out.append(name).append("_bucket{le=\"").append(Prometheus.number(le)).append("\"} ").append(count).append('\n');
    }
    out.append(name).append("_bucket{le=\"+Inf\"} ").append(h.getTotalCount()).append('\n');
    out.append(name).append("_sum ").append(Prometheus.number(sumSeconds)).append('\n');
    out.append(name).append("_count ").append(h.getTotalCount()).append('\n');
    String q = name.replace("_seconds", "") + "_quantile_seconds";
    out.append("# HELP ").append(q).append(' ').append("Quantiles of ").append(name).append(" since start (HdrHistogram).\n");
    out.append("# TYPE ").append(q).append(" gauge\n");
    for (double quantile : new double[] {0.5, 0.9, 0.99, 0.999}) {
      double v = h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(quantile * 100) / 1e9;
      out.append(q).append("{quantile=\"").append(Prometheus.number(quantile)).append("\"} ").append(Prometheus.number(v)).append('\n');
    }
  }
}
