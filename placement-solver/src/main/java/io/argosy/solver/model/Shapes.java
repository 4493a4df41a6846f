package io.argosy.solver.model;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.catalog.AcceleratorModel;
import io.argosy.gpu.catalog.PartitionProfile;
import io.argosy.gpu.demand.AcceleratorDemand;
import io.argosy.gpu.demand.ContainerDemand;
import io.argosy.gpu.demand.DemandKind;
import io.argosy.gpu.demand.PodDemand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives the solver's pod shapes from gpu-model's parsed {@link PodDemand}.
 *
 * <ul>
 *   <li>Requests of the same resource, kind, model and share from several containers are summed:
 *       devices are allocated per container, so two containers asking one GPU each need two.
 *   <li>SHARE: the per-device share is the cores percent (× 10), else the memory percent; memory
 *       in MiB when given. A share with neither cores nor memory percent counts 0 GPU demand.
 *   <li>PARTITION: one instance is worth its compute slices over the model's (a MIG {@code 3g}
 *       profile 3/7 GPU); from the catalog when the model is known, else from the {@code <n>g.}
 *       prefix of NVIDIA profiles, else a whole device.
 * </ul>
 */
public final class Shapes {

  private static final Pattern MIG_SLICES = Pattern.compile("^(\\d+)g\\.");
  private static final int MIG_COMPUTE_SLICES = 7;

  private Shapes() {}

  /** The shape of a pod; {@code catalog} looks models up by name (may return empty). */
  public static PodShape fromPodDemand(PodDemand pod, Function<String, Optional<AcceleratorModel>> catalog) {
    Map<String, AcceleratorShape> merged = new LinkedHashMap<>();
    for (ContainerDemand c : pod.containers()) {
      for (AcceleratorDemand a : c.accelerators()) {
        AcceleratorShape s = shape(a, catalog, "containers[" + c.name() + "].accelerators[" + a.resource() + "]");
        String key = s.kind() + "|" + s.resource() + "|" + s.model() + "|" + s.milliPerDevice() + "|" + s.memoryMiBPerDevice();
        merged.merge(key, s, (x, y) -> new AcceleratorShape(x.resource(), x.model(), x.kind(),
            x.devices() + y.devices(), x.milliPerDevice(), x.memoryMiBPerDevice(), x.gpuMilliPerUnit()));
      }
    }
    return new PodShape(pod.cpuMilli(), pod.memoryBytes(), new ArrayList<>(merged.values()));
  }

  static AcceleratorShape shape(AcceleratorDemand a, Function<String, Optional<AcceleratorModel>> catalog, String field) {
    if (a.count() < 1 || a.count() > Integer.MAX_VALUE) {
      throw new InvalidSpecException(field + ".count", "must be within 1.." + Integer.MAX_VALUE + ", got " + a.count());
    }
    int count = (int) a.count();
    return switch (a.kind()) {
      case WHOLE -> AcceleratorShape.whole(a.resource(), a.model(), count);
      case COUNTABLE -> AcceleratorShape.countable(a.resource(), count);
      case PARTITION -> AcceleratorShape.partition(a.resource(), a.model(), count, partitionWorth(a, catalog));
      case SHARE -> {
        int milli = a.coresPercent() > 0 ? Math.min(100, a.coresPercent()) * 10
            : a.memoryPercent() > 0 ? Math.min(100, a.memoryPercent()) * 10 : 0;
        yield AcceleratorShape.share(a.resource(), a.model(), count, milli, Math.max(0, a.memoryMiB()));
      }
    };
  }

  /** GPU worth of one partition instance in milli-GPU. */
  static int partitionWorth(AcceleratorDemand a, Function<String, Optional<AcceleratorModel>> catalog) {
    if (a.kind() != DemandKind.PARTITION || a.profile() == null) {
      return AcceleratorShape.FULL;
    }
    if (a.model() != null) {
      Optional<AcceleratorModel> model = catalog.apply(a.model());
      if (model.isPresent() && model.get().computeSlices() > 0) {
        Optional<PartitionProfile> p = model.get().partition(a.profile());
        if (p.isPresent()) {
          return p.get().computeSlices() * AcceleratorShape.FULL / model.get().computeSlices();
        }
      }
    }
    Matcher m = MIG_SLICES.matcher(a.profile());
    if (m.find()) {
      return Math.min(MIG_COMPUTE_SLICES, Integer.parseInt(m.group(1))) * AcceleratorShape.FULL / MIG_COMPUTE_SLICES;
    }
    return AcceleratorShape.FULL;
  }
}
