package io.argosy.bench.agent;

import io.argosy.agent.ClusterAgent;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * The agent alone in its own JVM, printing its heap once a second: used after a full GC, and the
 * peak of the heap pools since start. {@link AgentHeapBenchmark} launches it with {@code -Xmx256m}.
 * Args: cluster, kubeconfig, server URL, token.
 */
public final class AgentHeapProbe {
  public static void main(String[] args) throws Exception {
    try (ClusterAgent agent = ClusterAgent.builder().cluster(args[0]).kubeconfig(Path.of(args[1])).server(args[2])
        .token(args[3]).build().start()) {
      while (true) {
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
          if (p.getType() == MemoryType.HEAP) {
            peak += p.getPeakUsage().getUsed();
          }
        }
        System.out.println("heap usedAfterGc=" + used + " peakPools=" + peak + " max=" + Runtime.getRuntime().maxMemory());
        Thread.sleep(1000);
      }
    }
  }
}
