package io.argosy.bench.jmh;

import io.argosy.queue.intake.Intake;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Submissions handed from API threads to the scheduler thread: four producer threads offer while
 * the scheduler thread drains in batches, as core's submit path does. The {@code offer} score is
 * the producers' combined rate.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xmx2g"})
public class IntakeBenchmark {

  /** A submission as core hands it over: a reference to an already-parsed job. */
  record Submission(int id) {}

  @State(Scope.Group)
  public static class Shared {
    Intake<Submission> intake;
    final Submission submission = new Submission(1);

    @Setup
    public void setUp() {
      intake = Intake.unbounded();
    }
  }

  @Benchmark
  @Group("intake")
  @GroupThreads(4)
  public boolean offer(Shared s) {
    return s.intake.offer(s.submission);
  }

  @Benchmark
  @Group("intake")
  @GroupThreads(1)
  public int drain(Shared s, Blackhole bh) {
    return s.intake.drain(bh::consume, 4096);
  }
}
