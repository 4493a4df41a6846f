package io.argosy.solver.packing;

import io.argosy.gpu.frag.Fragmentation;
import io.argosy.gpu.frag.WorkloadMix;
import java.util.Arrays;

/**
 * gpu-model's FGD measure ({@link Fragmentation}, Weng et al. ATC '23) as the solver's
 * fragmentation measure: the expected free GPU of a node that the next task of {@code mix} could not
 * use. Select it with {@code SolverOptions.defaults().withFragmentation(new FgdFragmentation(mix))}.
 *
 * <p>FGD sees a node as one GPU model with up to 32 GPUs: the devices of every GPU-worth group are
 * taken together (a partition instance counts as a GPU holding its worth), under the model of the
 * first such group; on nodes with more than 32 units (MIG {@code 1g} layouts) the 32 freest are kept.
 */
public final class FgdFragmentation implements FragmentationMeasure {

  private static final int MAX_GPUS = 32;

  private final WorkloadMix mix;

  public FgdFragmentation(WorkloadMix mix) {
    this.mix = mix;
  }

  @Override
  public long fragmentedMilli(NodeView node) {
    int units = 0;
    String model = null;
    for (int g = 0; g < node.groupCount(); g++) {
      if (node.gpuMilliPerUnit(g) > 0) {
        units += node.deviceCount(g);
        if (model == null) {
          model = node.model(g);
        }
      }
    }
    if (units == 0) {
      return 0;
    }
    int[] free = new int[units];
    int at = 0;
    for (int g = 0; g < node.groupCount(); g++) {
      int worth = node.gpuMilliPerUnit(g);
      if (worth > 0) {
        for (int d = 0; d < node.deviceCount(g); d++) {
          free[at++] = node.freeMilli(g, d) * worth / 1000;
        }
      }
    }
    if (units > MAX_GPUS) {
      Arrays.sort(free);
      free = Arrays.copyOfRange(free, units - MAX_GPUS, units);
    }
    int modelIndex = model == null ? WorkloadMix.OTHER_MODEL : mix.modelIndex(model);
    return Math.round(Fragmentation.fragmentation(mix, modelIndex, node.cpuMilli(), free, free.length));
  }
}
