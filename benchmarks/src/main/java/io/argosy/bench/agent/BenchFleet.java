package io.argosy.bench.agent;

import io.argosy.agent.sim.ClusterSpec;
import io.argosy.agent.sim.FleetFile;

/** The member cluster the agent benchmarks watch: a realistic mix of GPU and CPU nodes. */
final class BenchFleet {
  private BenchFleet() {}

  /** {@code nodes} nodes: half 8×A100 whole, a quarter 4×L40S HAMi vGPU, a quarter 4×Ascend910 / CPU. */
  static ClusterSpec cluster(String name, int nodes) {
    int half = nodes / 2;
    int quarter = nodes / 4;
    int rest = nodes - half - quarter;
    int ascend = rest / 2;
    int cpu = rest - ascend;
    String yaml = """
        clusters:
          - name: %s
            labels: {region: bench-1}
            nodes:
              - {namePrefix: a100, count: %d, cpu: "96", memory: 1024Gi, accelerator: {vendor: nvidia, model: A100-80GB, count: 8}}
              - {namePrefix: l40s, count: %d, cpu: "48", memory: 384Gi, accelerator: {vendor: nvidia, model: L40S, count: 4, mode: vgpu}}
              - {namePrefix: ascend, count: %d, cpu: "192", memory: 1536Gi, accelerator: {vendor: huawei, model: Ascend910, count: 8}}
              - {namePrefix: cpu, count: %d, cpu: "64", memory: 256Gi}
        """.formatted(name, half, quarter, Math.max(1, ascend), Math.max(1, cpu));
    return FleetFile.parse(yaml).clusters().get(0);
  }
}
