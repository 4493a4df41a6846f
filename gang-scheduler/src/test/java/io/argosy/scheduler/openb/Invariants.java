package io.argosy.scheduler.openb;

import static org.assertj.core.api.Assertions.assertThat;

/** Accounting checks on a cluster after a run. */
final class Invariants {

  private Invariants() {}

  /** Nothing negative or above capacity, and the used GPU equals capacity minus free. */
  static void assertConsistent(ClusterState s, long usedGpuMilli) {
    ClusterState.Cursor v = s.cursor();
    long free = 0;
    for (int i = 0; i < s.size(); i++) {
      v.at(i);
      assertThat(v.cpuFreeMilli()).isBetween(0L, v.cpuCapacityMilli());
      assertThat(v.memoryFreeMib()).isBetween(0L, v.memoryCapacityMib());
      for (int g = 0; g < v.gpuCount(); g++) {
        assertThat(v.gpuFreeMilli()[g]).isBetween(0, TaskDemand.WHOLE);
      }
      free += v.gpuFreeTotal();
    }
    assertThat(s.totalGpuMilli() - free).isEqualTo(usedGpuMilli).isEqualTo(s.usedGpuMilli());
  }
}
