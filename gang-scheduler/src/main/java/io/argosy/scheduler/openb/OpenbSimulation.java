package io.argosy.scheduler.openb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One run of the openb protocol: each arrival is tried once, in order, on the node (and cluster)
 * with the best score; a task that fits nowhere is dropped; nothing departs.
 *
 * <p>Ties between equal scores follow {@link TieBreak}: by default the paper simulator's behaviour,
 * where nodes are visited in a random order fixed per seed (its random node-name prefixes) and the
 * first best node wins.
 *
 * <p>With several clusters the policy picks the cluster and the node together: each cluster offers
 * its best-scoring node, and the cluster with the best offer wins (ties go to the lower cluster
 * index, or at random under {@link TieBreak#RANDOM}). This is the federated placement Argosy does
 * with device-level capacity from every member cluster.
 *
 * <p>Scores of node-local policies are cached per (node, distinct task demand) and recomputed only
 * when that node changed, so a run costs about a hundred thousand score evaluations, not tens of
 * millions; and each demand keeps the list of nodes it can still fit, which only shrinks.
 */
public final class OpenbSimulation {

  /** How equal scores are decided. */
  public enum TieBreak {
    /**
     * The FGD simulator's: nodes are scored in a random order drawn once per run from the seed, and
     * the first node with the best score wins. This reproduces the published figures; it packs
     * better than a fresh random pick because equal-score tasks keep landing on the same nodes.
     */
    NODE_ORDER,
    /** kube-scheduler's: a uniformly random node among those with the best score. */
    RANDOM
  }

  /**
   * The outcome of a run.
   *
   * @param curve allocated against arrived GPU, one point per arrival
   * @param placed number of tasks placed
   * @param failed the arrival indexes of the tasks that fit nowhere
   * @param usedGpuMilli milli-GPU allocated at the end
   * @param state the cluster at the end
   */
  public record Result(
      AllocationCurve curve, int placed, List<Integer> failed, long usedGpuMilli, ClusterState state) {}

  private OpenbSimulation() {}

  /**
   * @param nodes the cluster's nodes
   * @param clusterOf cluster index per node (0-based), or null for a single cluster
   * @param arrivals tasks in arrival order
   * @param policy the placement policy (fresh per run: policies may keep state)
   * @param seed seed of the node order or random tie-break
   * @param tieBreak how equal scores are decided
   */
  public static Result run(
      List<TraceNode> nodes,
      int[] clusterOf,
      List<TaskDemand> arrivals,
      PlacementPolicy policy,
      long seed,
      TieBreak tieBreak) {
    ClusterState state = new ClusterState(nodes);
    int n = state.size();
    int clusters = 1;
    if (clusterOf != null) {
      if (clusterOf.length != n) {
        throw new IllegalArgumentException("clusterOf must have one entry per node");
      }
      for (int c : clusterOf) {
        clusters = Math.max(clusters, c + 1);
      }
    }
    int totalGpus = (int) (state.totalGpuMilli() / TaskDemand.WHOLE);
    AllocationCurve curve = new AllocationCurve(totalGpus);
    SplittableRandom ties = new SplittableRandom(seed);
    boolean randomTies = tieBreak == TieBreak.RANDOM;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (!randomTies) {
      for (int i = n - 1; i > 0; i--) {
        int j = ties.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    ClusterState.Cursor view = state.cursor();
    GpuChoice choice = new GpuChoice();

    // distinct demands -> class ids for the score cache; memory is checked apart unless scored
    boolean memoryInKey = policy.scoresMemory();
    Map<TaskDemand, Integer> ids = new HashMap<>();
    int[] classOf = new int[arrivals.size()];
    for (int k = 0; k < classOf.length; k++) {
      TaskDemand d = arrivals.get(k);
      TaskDemand key =
          memoryInKey
              ? d
              : new TaskDemand(d.cpuMilli(), 0, d.gpuCount(), d.gpuMilliPerGpu(), d.allowedModels());
      classOf[k] = ids.computeIfAbsent(key, x -> ids.size());
    }
    boolean cache = policy.nodeLocal();
    int classes = ids.size();
    double[] cachedScore = cache ? new double[n * classes] : null;
    int[] cachedMask = cache ? new int[n * classes] : null;
    int[] cachedAt = cache ? new int[n * classes] : null; // node version + 1; 0 = empty
    long policyVersion = policy.version();

    int[][] candidates = new int[classes][];
    int[] candidateCount = new int[classes];
    double[] bestScore = new double[clusters];
    int[] bestNode = new int[clusters];
    int[] bestMask = new int[clusters];
    int[] tieCount = new int[clusters];
    long arrived = 0;
    int placed = 0;
    List<Integer> failed = new ArrayList<>();
    for (int k = 0; k < classOf.length; k++) {
      TaskDemand task = arrivals.get(k);
      policy.arrived(task);
      if (policy.version() != policyVersion) {
        policyVersion = policy.version();
        state.invalidateAll();
      }
      Arrays.fill(bestScore, Double.NEGATIVE_INFINITY);
      Arrays.fill(bestNode, -1);
      Arrays.fill(tieCount, 0);
      int cls = classOf[k];
      int base = cls * n;
      // nodes that could still take this kind of task, in visit order; resources only shrink (no
      // departures), so a node that cannot fit it now never will and is dropped for good
      int[] cand = candidates[cls];
      if (cand == null) {
        cand = candidates[cls] = order.clone();
        candidateCount[cls] = n;
      }
      int kept = 0;
      for (int j = 0, end = candidateCount[cls]; j < end; j++) {
        int i = cand[j];
        double s;
        int mask;
        if (cache && cachedAt[base + i] == state.version(i) + 1) {
          s = cachedScore[base + i];
          mask = cachedMask[base + i];
        } else {
          view.at(i);
          if (task.fitsIgnoringMemory(view)) {
            s = policy.score(view, task, choice);
            mask = choice.mask();
          } else {
            s = Double.NaN;
            mask = 0;
          }
          if (cache) {
            cachedScore[base + i] = s;
            cachedMask[base + i] = mask;
            cachedAt[base + i] = state.version(i) + 1;
          }
        }
        if (Double.isNaN(s)) {
          continue; // dropped: does not fit and never will
        }
        cand[kept++] = i;
        if (state.memoryFreeMib(i) < task.memoryMib()) {
          continue;
        }
        int c = clusterOf == null ? 0 : clusterOf[i];
        if (s > bestScore[c]) {
          bestScore[c] = s;
          bestNode[c] = i;
          bestMask[c] = mask;
          tieCount[c] = 1;
        } else if (s == bestScore[c] && randomTies && ties.nextInt(++tieCount[c]) == 0) {
          bestNode[c] = i;
          bestMask[c] = mask;
        }
      }
      candidateCount[cls] = kept;
      int winner = -1;
      int clusterTies = 0;
      for (int c = 0; c < clusters; c++) {
        if (bestNode[c] < 0) {
          continue;
        }
        if (winner < 0 || bestScore[c] > bestScore[winner]) {
          winner = c;
          clusterTies = 1;
        } else if (bestScore[c] == bestScore[winner]
            && randomTies
            && ties.nextInt(++clusterTies) == 0) {
          winner = c;
        }
      }
      if (winner >= 0) {
        state.place(bestNode[winner], task, bestMask[winner]);
        placed++;
      } else {
        failed.add(k);
      }
      arrived += task.totalGpuMilli();
      curve.record(arrived, state.usedGpuMilli());
    }
    return new Result(curve, placed, List.copyOf(failed), state.usedGpuMilli(), state);
  }
}
