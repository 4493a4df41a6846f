package io.argosy.scheduler.openb;

import io.argosy.gpu.InvalidSpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The openb experiment over several policies and seeds: per (policy, seed) one {@link
 * OpenbSimulation} on the arrivals of {@link Workload}, reported as the paper's allocation figures
 * at 100% and 130% arrived, with mean and sample standard deviation over the seeds. Runs are
 * independent and deterministic, so they run in parallel without changing the numbers.
 */
public final class OpenbBenchmark {

  /**
   * @param policies canonical or alias names
   * @param seeds the seeds (the paper uses 42..51)
   * @param tune target total request as a multiple of capacity (1.3)
   * @param clusters 1, or the number of clusters the nodes are split into round-robin
   * @param threads worker threads (at least 1)
   * @param tieBreak how equal scores are decided (the paper's node order by default)
   */
  public record Config(
      List<String> policies,
      List<Long> seeds,
      double tune,
      int clusters,
      int threads,
      OpenbSimulation.TieBreak tieBreak) {
    public Config {
      if (policies.isEmpty()) {
        throw new InvalidSpecException("policy", "at least one policy is needed");
      }
      policies = policies.stream().map(Policies::canonical).distinct().toList();
      if (seeds.isEmpty()) {
        throw new InvalidSpecException("seeds", "at least one seed is needed");
      }
      seeds = List.copyOf(seeds);
      if (!(tune > 0) || tune > 10) {
        throw new InvalidSpecException("tune", "must be in (0, 10], got " + tune);
      }
      if (clusters < 1) {
        throw new InvalidSpecException("clusters", "must be at least 1, got " + clusters);
      }
      threads = Math.max(1, threads);
      if (tieBreak == null) {
        tieBreak = OpenbSimulation.TieBreak.NODE_ORDER;
      }
    }

    /** The paper's protocol: tune 1.3, one cluster, node-order ties. */
    public static Config paper(List<String> policies, int seeds, int threads) {
      return new Config(
          policies, paperSeeds(seeds), 1.3, 1, threads, OpenbSimulation.TieBreak.NODE_ORDER);
    }

    /** The paper's seeds 42, 43, ... for {@code count} runs. */
    public static List<Long> paperSeeds(int count) {
      List<Long> s = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        s.add(42L + i);
      }
      return s;
    }
  }

  /** One run's figures. */
  public record SeedResult(
      long seed, double alloc100, double alloc130, int arrivals, int placed, int failed) {}

  /** One policy's figures over the seeds. */
  public record PolicyResult(
      String policy,
      List<SeedResult> seeds,
      double mean100,
      double std100,
      double mean130,
      double std130) {}

  private OpenbBenchmark() {}

  public static List<PolicyResult> run(OpenbData data, Config config) {
    int[] clusterOf = config.clusters() > 1 ? roundRobin(data.nodes().size(), config.clusters()) : null;
    // the same arrivals for every policy of a seed
    List<List<TaskDemand>> arrivals = new ArrayList<>();
    for (long seed : config.seeds()) {
      arrivals.add(Workload.arrivals(data.pods(), data.capacityGpuMilli(), config.tune(), seed));
    }
    ExecutorService pool = Executors.newFixedThreadPool(config.threads());
    try {
      List<List<Future<SeedResult>>> futures = new ArrayList<>();
      for (String policy : config.policies()) {
        List<Future<SeedResult>> perSeed = new ArrayList<>();
        for (int s = 0; s < config.seeds().size(); s++) {
          long seed = config.seeds().get(s);
          List<TaskDemand> tasks = arrivals.get(s);
          perSeed.add(
              pool.submit(
                  () -> runOne(data, clusterOf, tasks, policy, seed, config.tieBreak())));
        }
        futures.add(perSeed);
      }
      List<PolicyResult> out = new ArrayList<>();
      for (int p = 0; p < config.policies().size(); p++) {
        List<SeedResult> seeds = new ArrayList<>();
        for (Future<SeedResult> f : futures.get(p)) {
          seeds.add(f.get());
        }
        out.add(summarise(config.policies().get(p), seeds));
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** One seed of one policy. */
  public static SeedResult runOne(
      OpenbData data,
      int[] clusterOf,
      List<TaskDemand> arrivals,
      String policy,
      long seed,
      OpenbSimulation.TieBreak tieBreak) {
    PlacementPolicy p = Policies.create(policy, data, seed);
    OpenbSimulation.Result r =
        OpenbSimulation.run(
            data.nodes(), clusterOf, arrivals, p, seed * 1_000_003L + 12345, tieBreak);
    return new SeedResult(
        seed,
        r.curve().bucket(100),
        r.curve().bucket(130),
        arrivals.size(),
        r.placed(),
        r.failed().size());
  }

  /**
   * Cluster index per node for a split into {@code k} clusters: node i (in file order, i.e. by
   * name) goes to cluster i mod k, so every cluster gets a similar mix of GPU models.
   */
  public static int[] roundRobin(int nodes, int k) {
    int[] c = new int[nodes];
    for (int i = 0; i < nodes; i++) {
      c[i] = i % k;
    }
    return c;
  }

  static PolicyResult summarise(String policy, List<SeedResult> seeds) {
    double[] a = new double[seeds.size()];
    double[] b = new double[seeds.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = seeds.get(i).alloc100();
      b[i] = seeds.get(i).alloc130();
    }
    return new PolicyResult(policy, List.copyOf(seeds), mean(a), std(a), mean(b), std(b));
  }

  /** Mean of the values that are not NaN (as pandas skips missing ones); NaN if none. */
  static double mean(double[] x) {
    double s = 0;
    int n = 0;
    for (double v : x) {
      if (!Double.isNaN(v)) {
        s += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }

  /** Sample standard deviation (n - 1) of the values that are not NaN; 0 for one value. */
  static double std(double[] x) {
    double m = mean(x);
    double s = 0;
    int n = 0;
    for (double v : x) {
      if (!Double.isNaN(v)) {
        s += (v - m) * (v - m);
        n++;
      }
    }
    if (n == 0) {
      return Double.NaN;
    }
    return n < 2 ? 0 : Math.sqrt(s / (n - 1));
  }
}
