package io.argosy.solver;

import io.argosy.gpu.score.Policy;
import io.argosy.solver.model.AcceleratorShape;
import io.argosy.solver.model.ClusterOffer;
import io.argosy.solver.model.DeviceGroup;
import io.argosy.solver.model.GangRequest;
import io.argosy.solver.model.NodeBucket;
import io.argosy.solver.model.PodShape;
import java.util.List;

/** Small builders shared by the tests. */
public final class Fixtures {

  public static final String GPU = "nvidia.com/gpu";
  public static final String A100 = "A100-80GB";
  public static final long GIB = 1L << 30;

  private Fixtures() {}

  /** {@code count} nodes with {@code freeGpus} free A100s of {@code totalGpus}, 64 cores, 512 GiB. */
  public static NodeBucket gpuNodes(int count, int freeGpus, int totalGpus) {
    return NodeBucket.of(count, 64_000, 512 * GIB, DeviceGroup.whole(GPU, A100, freeGpus, totalGpus - freeGpus));
  }

  public static ClusterOffer cluster(String name, long gpuUsedMilli, NodeBucket... buckets) {
    return ClusterOffer.of(name, Policy.BINPACK, gpuUsedMilli, List.of(buckets));
  }

  /** A pod asking for {@code gpus} whole A100s, 4 cores, 16 GiB. */
  public static PodShape gpuPod(int gpus) {
    return PodShape.of(4_000, 16 * GIB, AcceleratorShape.whole(GPU, A100, gpus));
  }

  /** A gang of {@code pods} pods × {@code gpus} GPUs admitted on the given clusters at rank 0. */
  public static GangRequest gang(String id, long weight, int pods, int gpus, String... clusters) {
    return GangRequest.builder(id).weight(weight).pods(pods, gpuPod(gpus)).clusters(List.of(clusters)).build();
  }
}
