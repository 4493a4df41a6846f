package io.argosy.scheduler.openb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.gpu.InvalidSpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenbTraceTest {

  @TempDir Path tmp;

  @Test
  void theGpuNodeListHas1213NodesWith6212Gpus() {
    List<TraceNode> nodes = OpenbTrace.loadNodes(Traces.nodes());
    assertThat(nodes).hasSize(1213);
    assertThat(nodes.stream().mapToInt(TraceNode::gpuCount).sum()).isEqualTo(6212);
    assertThat(nodes.get(0)).isEqualTo(new TraceNode("openb-node-0000", 64000, 262144, 2, "P100"));
    assertThat(nodes).extracting(TraceNode::model).doesNotContainNull();
  }

  @Test
  void theDefaultPodListHas8152PodsAndNoModelConstraints() {
    List<TracePod> pods = OpenbTrace.loadPods(Traces.pods("default"));
    assertThat(pods).hasSize(8152);
    assertThat(pods.get(1))
        .isEqualTo(new TracePod("openb-pod-0001", new TaskDemand(6000, 12288, 1, 460, Set.of())));
    assertThat(pods).allMatch(p -> p.demand().allowedModels().isEmpty());
    long cpuOnly = pods.stream().filter(p -> p.demand().gpuCount() == 0).count();
    assertThat(cpuOnly).isEqualTo(1088);
  }

  @Test
  void fiveColumnMultiGpuListsLoad() {
    List<TracePod> pods = OpenbTrace.loadPods(Traces.pods("multigpu50"));
    assertThat(pods).hasSize(9061);
    assertThat(pods).anyMatch(p -> p.demand().gpuCount() == 8);
  }

  @Test
  void gpuSpecIsTheListOfAllowedModels() {
    List<TracePod> pods = OpenbTrace.loadPods(Traces.pods("gpuspec33"));
    assertThat(pods)
        .anyMatch(p -> p.demand().allowedModels().equals(Set.of("V100M16", "V100M32")));
    assertThat(pods).anyMatch(p -> p.demand().allowedModels().equals(Set.of("T4")));
  }

  @Test
  void theVariantIsTakenFromTheFileName() {
    assertThat(OpenbTrace.variantOf(Path.of("x/openb_pod_list_gpuspec20.csv"))).isEqualTo("gpuspec20");
    assertThat(OpenbTrace.variantOf(Path.of("mine.csv"))).isEqualTo("mine");
  }

  @Test
  void aBadRowNamesFileLineAndColumn() throws IOException {
    Path f = write("pods.csv", "name,cpu_milli,memory_mib,num_gpu,gpu_milli", "p0,1000,10,1,500", "p1,lots,10,1,500");
    assertThatThrownBy(() -> OpenbTrace.loadPods(f))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("pods.csv:3.cpu_milli: not an integer: 'lots'");
    Path g = write("pods2.csv", "name,cpu_milli,memory_mib,num_gpu,gpu_milli", "p0,1000,10,2,500");
    assertThatThrownBy(() -> OpenbTrace.loadPods(g))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("pods2.csv:2.gpu_milli: a task with several GPUs must take them whole");
    Path h = write("pods3.csv", "name,cpu_milli,memory_mib,num_gpu,gpu_milli", "p0,1000,10,1,1200");
    assertThatThrownBy(() -> OpenbTrace.loadPods(h))
        .hasMessage("pods3.csv:2.gpu_milli: 1200 is out of range [0, 1000]");
  }

  @Test
  void missingColumnsFilesAndCellsAreRejected() throws IOException {
    Path noGpu = write("n.csv", "sn,cpu_milli,memory_mib,model", "a,1,1,G2");
    assertThatThrownBy(() -> OpenbTrace.loadNodes(noGpu)).hasMessage("n.csv:1: missing column 'gpu'");
    Path ragged = write("r.csv", "sn,cpu_milli,memory_mib,gpu,model", "a,1,1,2");
    assertThatThrownBy(() -> OpenbTrace.loadNodes(ragged)).hasMessage("r.csv:2: expected 5 columns, got 4");
    Path noModel = write("m.csv", "sn,cpu_milli,memory_mib,gpu,model", "a,1000,1,2,");
    assertThatThrownBy(() -> OpenbTrace.loadNodes(noModel))
        .hasMessage("m.csv:2.model: a node with GPUs needs a model");
    assertThatThrownBy(() -> OpenbTrace.loadNodes(tmp.resolve("absent.csv")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageEndingWith("absent.csv: no such file");
    Path empty = write("e.csv", "name,cpu_milli,memory_mib,num_gpu,gpu_milli");
    assertThatThrownBy(() -> OpenbTrace.loadPods(empty)).hasMessage("e.csv: no pods in the file");
  }

  @Test
  void cpuOnlyNodesLoadWithoutModel() throws IOException {
    Path f = write("all.csv", "sn,cpu_milli,memory_mib,gpu,model", "a,32000,1024,0,", "b,96000,4096,8,G2");
    assertThat(OpenbTrace.loadNodes(f))
        .containsExactly(new TraceNode("a", 32000, 1024, 0, null), new TraceNode("b", 96000, 4096, 8, "G2"));
  }

  private Path write(String name, String... lines) throws IOException {
    return Files.write(tmp.resolve(name), List.of(lines));
  }
}
