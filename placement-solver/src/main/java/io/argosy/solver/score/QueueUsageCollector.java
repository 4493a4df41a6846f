package io.argosy.solver.score;

import ai.timefold.solver.core.api.score.stream.uni.UniConstraintCollector;
import io.argosy.solver.domain.GangAssignment;
import io.argosy.solver.problem.CompiledQueue;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/** Sums the quota vectors of a queue's placed gangs, incrementally. */
final class QueueUsageCollector implements UniConstraintCollector<GangAssignment, QueueUsageCollector.Sum, QueueUsage> {

  static final QueueUsageCollector INSTANCE = new QueueUsageCollector();

  private QueueUsageCollector() {}

  static final class Sum {
    private CompiledQueue queue;
    private long[] usage;

    Runnable add(GangAssignment a) {
      if (usage == null) {
        queue = a.getGang().queue();
        usage = new long[queue.keys().length];
      }
      long[] v = a.getGang().quotaUsage();
      for (int k = 0; k < v.length; k++) {
        usage[k] += v[k];
      }
      return () -> {
        for (int k = 0; k < v.length; k++) {
          usage[k] -= v[k];
        }
      };
    }

    QueueUsage snapshot() {
      return new QueueUsage(queue, usage.clone());
    }
  }

  @Override
  public Supplier<Sum> supplier() {
    return Sum::new;
  }

  @Override
  public BiFunction<Sum, GangAssignment, Runnable> accumulator() {
    return Sum::add;
  }

  @Override
  public Function<Sum, QueueUsage> finisher() {
    return Sum::snapshot;
  }
}
