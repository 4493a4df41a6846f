package io.argosy.scheduler.testing;

/** Job manifests (YAML) for tests, parsed by queue's real ManifestParser. */
public final class Jobs {
  private Jobs() {}

  /**
   * A Volcano Job with one task of {@code replicas} pods, each asking {@code gpus} whole NVIDIA GPUs
   * and one CPU.
   */
  public static String volcano(String name, int replicas, int gpus) {
    return volcano(name, replicas, gpus, "", "", "");
  }

  /**
   * A Volcano Job with extra lines: {@code jobSpec} under {@code spec:}, {@code annotations} under
   * {@code metadata.annotations}, {@code podSpec} under the pod template's {@code spec:} (each line
   * already indented by the caller as a YAML fragment of flow style, e.g. {@code priorityClassName: high}).
   */
  public static String volcano(String name, int replicas, int gpus, String jobSpec, String annotations, String podSpec) {
    String limits = gpus > 0 ? "nvidia.com/gpu: " + gpus : "cpu: \"1\"";
    return """
        ---
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata:
          name: %s
          annotations: {%s}
        spec:
          minAvailable: %d
          schedulerName: volcano
        %s
          tasks:
          - name: worker
            replicas: %d
            template:
              spec:
        %s
                containers:
                - name: main
                  image: busybox
                  resources:
                    requests: {cpu: "1", memory: 1Gi}
                    limits: {%s}
        """.formatted(name, annotations, replicas, indent(jobSpec, "  "), replicas, indent(podSpec, "        "), limits);
  }

  private static String indent(String lines, String prefix) {
    if (lines.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (String l : lines.split("\n")) {
      b.append(prefix).append(l).append('\n');
    }
    return b.toString().stripTrailing();
  }
}
