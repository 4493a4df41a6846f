package io.argosy.scheduler.plugins;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.inventory.Device;
import io.argosy.gpu.score.Policy;
import io.argosy.queue.job.JobId;
import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.fleet.NodeClass;
import io.argosy.scheduler.fleet.NodeSlot;
import io.argosy.scheduler.framework.ClusterChooser;
import io.argosy.scheduler.framework.CycleContext;
import io.argosy.scheduler.framework.GangSpec;
import io.argosy.scheduler.framework.TaskSpec;
import io.argosy.solver.PlacementSolver;
import io.argosy.solver.model.ClusterOffer;
import io.argosy.solver.model.GangPlacement;
import io.argosy.solver.model.GangRequest;
import io.argosy.solver.model.NodeBucket;
import io.argosy.solver.model.NodeBuckets;
import io.argosy.solver.model.PlacementDecision;
import io.argosy.solver.model.PlacementProblem;
import io.argosy.solver.model.PriorityWeights;
import io.argosy.solver.model.Shapes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cluster choice with placement-solver: before the cycle, the whole pending set (in the queues'
 * order, each gang with the clusters the cluster filters let through, ranked by affinity term) and
 * every cluster's free capacity (one node bucket per node class) go to {@link PlacementSolver#place}.
 * The solver runs its greedy, and its Timefold search only when the set is contended; when the search
 * ran, each gang tries the solver's cluster first and alone (compare 1), and if that cluster turns out
 * not to fit at node and device level the greedy order follows as the fallback. Otherwise (not
 * contended, no solver budget, a single cluster, too many gangs) the choice is {@link
 * GreedyClusterChooser}'s.
 *
 * <p>Devices are offered to the solver under the resource names pods ask for them by (NVIDIA
 * {@code nvidia.com/gpu}, Ascend 910 {@code huawei.com/Ascend910}, other chips {@code <domain>/<model>},
 * Metax {@code metax-tech.com/gpu}, Cambricon {@code cambricon.com/mlu}); a pod asking by another name
 * looks unplaceable to the solver and simply keeps the greedy choice.
 */
public final class SolverClusterChooser implements ClusterChooser {
  private final GreedyClusterChooser greedy = new GreedyClusterChooser();
  private final PlacementSolver solver = new PlacementSolver();
  private final Catalog catalog;
  private Map<JobId, String> planned = Map.of();
  private long plannedEpoch = -1;
  private PlacementDecision last;

  public SolverClusterChooser(Catalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public String name() {
    return "PlacementSolver";
  }

  @Override
  public boolean plansCycles() {
    return true;
  }

  /** The solver's last decision (for metrics and tests), or null. */
  public PlacementDecision lastDecision() {
    return last;
  }

  @Override
  public void plan(CycleContext ctx, List<GangSpec> pending) {
    planned = Map.of();
    plannedEpoch = ctx.epoch();
    last = null;
    if (ctx.config().solver() == null || pending.isEmpty()) {
      return;
    }
    List<Integer> priorities = new ArrayList<>();
    for (GangSpec g : pending) {
      priorities.add(g.job().priority());
    }
    Map<Integer, Long> weights = PriorityWeights.denseRanks(priorities);
    List<GangRequest> gangs = new ArrayList<>(pending.size());
    for (GangSpec g : pending) {
      GangRequest r = request(ctx, g, weights.get(g.job().priority()));
      if (r != null) {
        gangs.add(r);
      }
    }
    if (gangs.isEmpty()) {
      return;
    }
    List<ClusterOffer> offers = new ArrayList<>();
    for (ClusterState c : ctx.fleet().clusters()) {
      offers.add(offer(c));
    }
    PlacementDecision d = solver.place(new PlacementProblem(gangs, offers, Map.of(), ctx.config().solver()));
    last = d;
    if (!d.solverUsed()) {
      return; // not contended: the cycle's own greedy choice decides
    }
    Map<JobId, String> p = new HashMap<>();
    for (GangPlacement gp : d.plan().placements()) {
      if (gp.placed()) {
        p.put(JobId.parse(gp.gang()), gp.cluster());
      }
    }
    planned = p;
  }

  private GangRequest request(CycleContext ctx, GangSpec g, long weight) {
    List<List<ClusterState>> terms = ctx.candidates(g);
    GangRequest.Builder b = GangRequest.builder(g.job().id().toString())
        .job(g.job().id().toString()).queue(g.job().queue()).priority(g.job().priority()).weight(weight);
    boolean any = false;
    for (int rank = 0; rank < terms.size(); rank++) {
      for (ClusterState c : terms.get(rank)) {
        b.cluster(c.name(), rank);
        any = true;
      }
    }
    if (!any) {
      return null;
    }
    try {
      for (TaskSpec t : g.tasks()) {
        if (t.mandatory() > 0) {
          b.pods(t.mandatory(), Shapes.fromPodDemand(t.spec().demand(), catalog::byName));
        }
      }
    } catch (InvalidSpecException e) {
      return null; // a demand the solver cannot express: the greedy choice places it
    }
    Policy policy = g.tasks().get(0).spec().demand().nodePolicy();
    if (policy != null) {
      b.policy(policy);
    }
    return b.build();
  }

  /** The cluster's free capacity, one bucket per node class of ready nodes. */
  private static ClusterOffer offer(ClusterState c) {
    List<NodeBucket> buckets = new ArrayList<>();
    long used = 0;
    for (int k = 0; k < c.classCount(); k++) {
      NodeClass cls = c.classAt(k);
      NodeSlot rep = cls.representative();
      for (int i = 0; i < rep.state().deviceCount(); i++) {
        used += (1000L - rep.state().freeMilli(i)) * cls.size();
      }
      if (!rep.state().ready()) {
        continue;
      }
      NodeBucket one = NodeBuckets.fromNodeState(rep.state(), SolverClusterChooser::resourceOf);
      buckets.add(new NodeBucket(cls.size(), one.cpuMilli(), one.memoryBytes(), one.pods(), one.devices()));
    }
    return new ClusterOffer(c.name(), c.fields(), List.of(), c.scoring().nodePolicy(), used,
        NodeBuckets.group(buckets));
  }

  static String resourceOf(Device d) {
    return switch (d.vendor()) {
      case NVIDIA -> "nvidia.com/gpu";
      case HUAWEI -> d.model().startsWith("Ascend910") ? "huawei.com/Ascend910" : "huawei.com/" + d.model();
      case METAX -> "metax-tech.com/gpu";
      case CAMBRICON -> "cambricon.com/mlu";
      default -> d.vendor().domains().isEmpty() ? d.model() : d.vendor().domains().get(0) + "/" + d.model();
    };
  }

  @Override
  public List<ClusterState> order(CycleContext ctx, GangSpec gang, List<ClusterState> candidates) {
    List<ClusterState> base = greedy.order(ctx, gang, candidates);
    String pick = plannedEpoch == ctx.epoch() ? planned.get(gang.job().id()) : null;
    if (pick == null) {
      return base;
    }
    List<ClusterState> out = new ArrayList<>(base.size());
    for (ClusterState c : base) {
      if (c.name().equals(pick)) {
        out.add(c);
      }
    }
    for (ClusterState c : base) {
      if (!c.name().equals(pick)) {
        out.add(c);
      }
    }
    return out;
  }

  @Override
  public int compare(CycleContext ctx, GangSpec gang) {
    boolean planned = plannedEpoch == ctx.epoch() && this.planned.containsKey(gang.job().id());
    return planned ? 1 : greedy.compare(ctx, gang);
  }
}
