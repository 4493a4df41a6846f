package io.argosy.scheduler.openb;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Allocated GPU against arrived GPU request, one point per arrival (placed or not), and the
 * bucketed figures the FGD paper reports ({@code analysis_allo_discrete}): for an arrived share of
 * r percent, the mean of the allocated share (in percent, each rounded to 2 decimals) over the
 * arrivals whose arrived share rounds to r, falling back to those within r +- 1 when there are none,
 * rounded to 2 decimals. Rounding is half-even like the Python analysis script.
 */
public final class AllocationCurve {

  private final int totalGpus;
  private long[] arrived = new long[1024];
  private long[] used = new long[1024];
  private int size;

  /** @param totalGpus the cluster's GPU count (6212 for openb) */
  public AllocationCurve(int totalGpus) {
    if (totalGpus <= 0) {
      throw new IllegalArgumentException("totalGpus must be positive");
    }
    this.totalGpus = totalGpus;
  }

  /** Records the state after one arrival. */
  public void record(long arrivedGpuMilli, long usedGpuMilli) {
    if (size == arrived.length) {
      arrived = java.util.Arrays.copyOf(arrived, size * 2);
      used = java.util.Arrays.copyOf(used, size * 2);
    }
    arrived[size] = arrivedGpuMilli;
    used[size] = usedGpuMilli;
    size++;
  }

  public int size() {
    return size;
  }

  public long arrivedAt(int i) {
    return arrived[i];
  }

  public long usedAt(int i) {
    return used[i];
  }

  /** The arrived request of point i as a whole percent of capacity, rounded half-even. */
  public int arrivedPercent(int i) {
    return (int) Math.rint((double) arrived[i] / totalGpus / 10);
  }

  /** Allocated share of point i in percent, rounded to 2 decimals. */
  public double allocatedPercent(int i) {
    return round2((double) used[i] / totalGpus / 10);
  }

  /** The paper's figure at {@code percent} arrived, or NaN when no arrival is near it. */
  public double bucket(int percent) {
    double v = mean(percent, percent);
    if (Double.isNaN(v)) {
      v = mean(percent - 1, percent + 1);
    }
    return Double.isNaN(v) ? v : round2(v);
  }

  private double mean(int lo, int hi) {
    double sum = 0;
    int count = 0;
    for (int i = 0; i < size; i++) {
      double r = Math.rint((double) arrived[i] / totalGpus / 10);
      if (r >= lo && r <= hi) {
        sum += allocatedPercent(i);
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  static double round2(double x) {
    return new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
  }
}
