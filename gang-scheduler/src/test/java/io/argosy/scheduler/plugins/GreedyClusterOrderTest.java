package io.argosy.scheduler.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.gpu.frag.WorkloadMix;
import io.argosy.queue.quota.QuotaLedger;
import io.argosy.scheduler.fleet.ClusterState;
import io.argosy.scheduler.fleet.FleetState;
import io.argosy.scheduler.framework.CycleContext;
import io.argosy.scheduler.framework.GangSpec;
import io.argosy.scheduler.framework.Reservation;
import io.argosy.scheduler.framework.SchedulerConfig;
import io.argosy.scheduler.testing.Nodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The chooser keeps each candidate list's order for the cycle and repairs it as free CPU changes:
 * every answer must equal a fresh sort (most free CPU first, then by name).
 */
class GreedyClusterOrderTest {
  @Test
  void keptOrderEqualsAFreshSortWhileCapacityChanges() {
    Random rnd = new Random(11);
    FleetState fleet = new FleetState();
    int clusters = 30;
    for (int c = 0; c < clusters; c++) {
      String name = "c" + rnd.nextInt(1000) + "-" + c;
      fleet.upsertCluster(name, Map.of(), List.of(), true, null);
      fleet.upsertNode(name, Nodes.node(name + "-n0").cpu(8 + rnd.nextInt(4) * 8).inventory());
    }
    List<ClusterState> candidates = List.copyOf(fleet.clusters());
    List<ClusterState> subset = candidates.subList(3, 17);
    GreedyClusterChooser chooser = new GreedyClusterChooser();
    Context ctx = new Context(fleet);
    for (int step = 0; step < 400; step++) {
      if (step % 100 == 0) {
        ctx.epoch++;
      }
      // change one or a few clusters' free CPU, sometimes to a value another cluster has (ties by name)
      for (int k = rnd.nextInt(3); k >= 0; k--) {
        ClusterState c = candidates.get(rnd.nextInt(clusters));
        fleet.upsertNode(c.name(), Nodes.node(c.name() + "-n0").cpu(8 + rnd.nextInt(4) * 8).inventory());
      }
      List<ClusterState> list = rnd.nextBoolean() ? candidates : subset;
      assertThat(chooser.order(ctx, null, list)).containsExactlyElementsOf(sorted(list));
    }
  }

  private static List<ClusterState> sorted(List<ClusterState> list) {
    List<ClusterState> out = new ArrayList<>(list);
    out.sort(Comparator.comparingLong(ClusterState::freeCpuMilli).reversed().thenComparing(ClusterState::name));
    return out;
  }

  /** The parts of a cycle the chooser reads: its number and the configuration. */
  private static final class Context implements CycleContext {
    final FleetState fleet;
    long epoch = 1;

    Context(FleetState fleet) {
      this.fleet = fleet;
    }

    @Override
    public Instant now() {
      return Instant.EPOCH;
    }

    @Override
    public SchedulerConfig config() {
      return SchedulerConfig.defaults();
    }

    @Override
    public FleetState fleet() {
      return fleet;
    }

    @Override
    public QuotaLedger ledger() {
      throw new UnsupportedOperationException();
    }

    @Override
    public WorkloadMix workloadMix() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Reservation reservation(String cluster) {
      return null;
    }

    @Override
    public List<List<ClusterState>> candidates(GangSpec gang) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long epoch() {
      return epoch;
    }
  }
}
