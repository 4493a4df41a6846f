package io.argosy.bench.jmh;

import io.argosy.gpu.demand.PodDemand;
import io.argosy.queue.JobQueues;
import io.argosy.queue.QueueSpec;
import io.argosy.queue.SchedulingCycle;
import io.argosy.queue.job.Job;
import io.argosy.queue.quota.ResourceVector;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Choosing the next job in fair-share order with 1,000,000 queued jobs across 1,000 queues. One
 * invocation is a whole scheduling cycle over every queued job; the score is per job handed out.
 *
 * <ul>
 *   <li>{@code walk}: nothing is admitted (every candidate is skipped, as when the fleet is full):
 *       the cost of {@code next()} alone.
 *   <li>{@code admitAll}: every candidate is admitted before the next {@code next()}, so each step
 *       re-ranks its queue by the new usage (progressive filling); the score includes
 *       {@code admit} (quota check, charge, state transition).
 * </ul>
 *
 * <p>The queues are filled before each measured cycle and a full GC moves them to the old
 * generation, as in a scheduler that has been running.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, batchSize = 1)
@Measurement(iterations = 5, batchSize = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xmx6g", "-Xms6g"})
@State(Scope.Benchmark)
public class NextJobBenchmark {
  static final int JOBS = 1_000_000;
  static final int QUEUES = 1_000;

  @Param({"walk", "admitAll"})
  public String mode;

  private Job[] jobs;
  private JobQueues queues;

  @Setup(Level.Trial)
  public void buildJobs() {
    PodDemand[] pods = new PodDemand[5];
    for (int k = 0; k < pods.length; k++) {
      pods[k] = SyntheticJobs.demand(k);
    }
    Random random = new Random(42);
    jobs = new Job[JOBS];
    for (int i = 0; i < JOBS; i++) {
      jobs[i] = SyntheticJobs.job(i, QUEUES, pods[i % 5], i % 7 == 0 ? pods[0] : null, random);
    }
  }

  @Setup(Level.Iteration)
  public void fillQueues() {
    queues = new JobQueues(Clock.fixed(SyntheticJobs.T0, ZoneOffset.UTC));
    // fleet totals large enough that nothing is refused: shares, not quota, decide the order
    queues.setCapacity(ResourceVector.of("cpu", 1_000_000_000L, "nvidia.com/gpu", 10_000_000L, "memory", 1L << 50));
    for (int q = 0; q < QUEUES; q++) {
      queues.defineQueue(QueueSpec.of("q" + q).withWeight(1 + q % 4));
    }
    for (Job j : jobs) {
      queues.submit(j);
    }
    // A queue of a million jobs is long-lived state: let it reach the old generation now, as it
    // would in a running scheduler, instead of being copied by a young collection mid-measurement.
    System.gc();
    System.gc();
  }

  @Benchmark
  @OperationsPerInvocation(JOBS)
  public int cycle() {
    SchedulingCycle c = queues.beginCycle();
    boolean admit = mode.equals("admitAll");
    int n = 0;
    for (Job j = c.next(); j != null; j = c.next()) {
      if (admit) {
        c.admit("bench");
      }
      n++;
    }
    if (n != JOBS) {
      throw new IllegalStateException("cycle handed out " + n + " jobs, expected " + JOBS);
    }
    return n;
  }
}
