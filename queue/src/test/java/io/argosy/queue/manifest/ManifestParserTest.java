package io.argosy.queue.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.queue.QueueSpec;
import io.argosy.queue.job.Job;
import io.argosy.queue.job.JobKind;
import io.argosy.queue.job.LifecyclePolicy;
import io.argosy.queue.placement.Placement;
import io.argosy.queue.placement.PlacementResolver;
import io.argosy.queue.priority.PriorityClasses;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private final ManifestParser parser = new ManifestParser(new DemandParser(Catalog.builtin()), NameGenerator.seeded(42));

  private JobManifest job(String yaml) {
    List<Manifest> all = parser.parse(yaml);
    assertThat(all).hasSize(1);
    return (JobManifest) all.get(0);
  }

  private static void rejects(ManifestParser p, String yaml, String message) {
    assertThatThrownBy(() -> p.parse(yaml)).isInstanceOf(ManifestException.class).hasMessage(message);
  }

  private void rejects(String yaml, String message) {
    rejects(parser, yaml, message);
  }

  // ------------------------------------------------------------ Volcano docs-style jobs

  static final String MPI = """
      apiVersion: batch.volcano.sh/v1alpha1
      kind: Job
      metadata:
        name: lm-mpi-job
      spec:
        minAvailable: 3
        schedulerName: volcano
        plugins:
          ssh: []
          svc: []
        policies:
          - event: PodEvicted
            action: RestartJob
        tasks:
          - replicas: 1
            name: mpimaster
            policies:
              - event: TaskCompleted
                action: CompleteJob
            template:
              spec:
                containers:
                  - command: ["/bin/sh", "-c", "mpiexec --allow-run-as-root --host ${MPI_HOST} -np 2 mpi_hello_world"]
                    image: volcanosh/example-mpi:0.0.1
                    name: mpimaster
                    ports:
                      - containerPort: 22
                        name: mpijob-port
                    workingDir: /home
                restartPolicy: OnFailure
          - replicas: 2
            name: mpiworker
            template:
              spec:
                containers:
                  - command: ["/bin/sh", "-c", "mkdir -p /var/run/sshd; /usr/sbin/sshd -D;"]
                    image: volcanosh/example-mpi:0.0.1
                    name: mpiworker
                    ports:
                      - containerPort: 22
                        name: mpijob-port
                    resources:
                      requests:
                        cpu: "1"
                        memory: 2Gi
                    workingDir: /home
                restartPolicy: OnFailure
      """;

  @Test
  void anMpiMasterWorkerJobWithSshAndSvcPlugins() {
    JobManifest j = job(MPI);
    assertThat(j.jobKind()).isEqualTo(JobKind.VOLCANO_JOB);
    assertThat(j.id().toString()).isEqualTo("default/lm-mpi-job");
    assertThat(j.minAvailable()).isEqualTo(3);
    assertThat(j.queue()).isEqualTo("default");
    assertThat(j.maxRetry()).isEqualTo(3);
    assertThat(j.schedulerName()).isEqualTo("volcano");
    assertThat(j.plugins()).containsOnlyKeys("ssh", "svc");
    assertThat(j.policies()).containsExactly(new LifecyclePolicy("PodEvicted", List.of(), "RestartJob", null, null));
    assertThat(j.tasks()).extracting(t -> t.name() + "/" + t.replicas() + "/" + t.minAvailable())
        .containsExactly("mpimaster/1/0", "mpiworker/2/0");
    assertThat(j.tasks().get(0).policies().get(0).action()).isEqualTo("CompleteJob");
    assertThat(j.tasks().get(1).pod().cpuMilli()).isEqualTo(1000);
    Job accepted = j.toJob(new PriorityClasses(), Placement.ANY, NOW);
    assertThat(accepted.demand().get("cpu")).isEqualTo(2000);
    assertThat(accepted.demand().get("memory")).isEqualTo(4L << 30);
    assertThat(accepted.priority()).isZero();
    assertThat(accepted.submitTime()).isEqualTo(NOW);
    assertThat(accepted.source()).startsWith("{\"apiVersion\":\"batch.volcano.sh/v1alpha1\",\"kind\":\"Job\"")
        .contains("\"mpijob-port\"");
  }

  @Test
  void aTensorFlowPsWorkerJobNeedsEveryReplicaWhenMinAvailableIsNotGiven() {
    JobManifest j = job("""
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata:
          name: tensorflow-dist-mnist
          namespace: ml
        spec:
          schedulerName: volcano
          plugins:
            env: []
            svc: []
          policies:
            - event: PodEvicted
              action: RestartJob
          queue: research
          tasks:
            - replicas: 1
              name: ps
              template:
                spec:
                  containers:
                    - command: ["sh", "-c", "PS_HOST=`cat /etc/volcano/ps.host`; python /var/tf_dist_mnist/dist_mnist.py"]
                      image: volcanosh/dist-mnist-tf-example:0.0.1
                      name: tensorflow
                      ports:
                        - containerPort: 2222
                          name: tfjob-port
                      resources:
                        requests:
                          cpu: 500m
                  restartPolicy: Never
            - replicas: 2
              name: worker
              policies:
                - event: TaskCompleted
                  action: CompleteJob
              template:
                spec:
                  containers:
                    - command: ["sh", "-c", "python /var/tf_dist_mnist/dist_mnist.py"]
                      image: volcanosh/dist-mnist-tf-example:0.0.1
                      name: tensorflow
                      resources:
                        requests:
                          cpu: 2
                          memory: 4Gi
                  restartPolicy: Never
        """);
    assertThat(j.id().toString()).isEqualTo("ml/tensorflow-dist-mnist");
    assertThat(j.queue()).isEqualTo("research");
    assertThat(j.queueField()).isEqualTo("spec.queue");
    assertThat(j.minAvailable()).isEqualTo(3);
    assertThat(j.tasks()).extracting(t -> t.minAvailable()).containsExactly(1, 2);
    assertThat(j.toJob(new PriorityClasses(), Placement.ANY, NOW).demand().get("cpu")).isEqualTo(4500);
  }

  static final String GPU_JOB = """
      apiVersion: scheduling.k8s.io/v1
      kind: PriorityClass
      metadata:
        name: high-priority
      value: 1000
      preemptionPolicy: Never
      description: training that should go first
      ---
      apiVersion: batch.volcano.sh/v1alpha1
      kind: Job
      metadata:
        name: gpu-training
        annotations:
          volcano.sh/preemptable: "false"
          argosy.io/runtime-estimate: 1h30m
      spec:
        minAvailable: 2
        priorityClassName: high-priority
        queue: gpu
        maxRetry: 5
        tasks:
          - replicas: 2
            name: trainer
            template:
              spec:
                containers:
                  - name: cuda
                    image: nvidia/cuda:12.4.1-base-ubuntu22.04
                    command: ["nvidia-smi"]
                    resources:
                      limits:
                        nvidia.com/gpu: 4
                      requests:
                        cpu: 8
                        memory: 64Gi
                restartPolicy: OnFailure
      """;

  @Test
  void aGpuJobWithItsPriorityClassInTheSameFile() {
    List<Manifest> all = parser.parse(GPU_JOB);
    PriorityClassManifest pcm = (PriorityClassManifest) all.get(0);
    assertThat(pcm.spec().value()).isEqualTo(1000);
    assertThat(pcm.spec().mayPreempt()).isFalse();
    JobManifest j = (JobManifest) all.get(1);
    assertThat(j.documentIndex()).isEqualTo(1);
    assertThat(j.preemptible()).isFalse();
    assertThat(j.runtimeEstimate()).isEqualTo(Duration.ofMinutes(90));
    assertThat(j.maxRetry()).isEqualTo(5);
    PriorityClasses classes = new PriorityClasses();
    classes.put(pcm.spec());
    Job accepted = j.toJob(classes, Placement.ANY, NOW);
    assertThat(accepted.priority()).isEqualTo(1000);
    assertThat(accepted.priorityClassName()).isEqualTo("high-priority");
    assertThat(accepted.demand().get("nvidia.com/gpu")).isEqualTo(8);
    assertThat(accepted.demand().get("cpu")).isEqualTo(16_000);
    assertThatThrownBy(() -> j.toJob(new PriorityClasses(), Placement.ANY, NOW))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec.priorityClassName: no PriorityClass with name high-priority was found");
  }

  @Test
  void priorityClassDefaultsFollowKubernetes() {
    List<Manifest> all = parser.parse("""
        apiVersion: scheduling.k8s.io/v1
        kind: PriorityClass
        metadata: {name: batch-default}
        value: 100
        globalDefault: true
        ---
        apiVersion: scheduling.k8s.io/v1
        kind: PriorityClass
        metadata: {name: another-default}
        value: 5
        globalDefault: true
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: lonely}
        spec:
          containers: [{name: c, image: busybox}]
        """);
    PriorityClasses classes = new PriorityClasses();
    classes.put(((PriorityClassManifest) all.get(0)).spec());
    assertThatThrownBy(() -> classes.put(((PriorityClassManifest) all.get(1)).spec()))
        .hasMessage("globalDefault: PriorityClass batch-default is already marked as default. Only one default can exist");
    Job pod = ((JobManifest) all.get(2)).toJob(classes, Placement.ANY, NOW);
    assertThat(pod.priority()).isEqualTo(100);
    assertThat(pod.priorityClassName()).isEqualTo("batch-default");
    assertThat(((JobManifest) all.get(2)).toJob(new PriorityClasses(), Placement.ANY, NOW).priority()).isZero();
    assertThat(classes.get("system-node-critical").orElseThrow().value()).isEqualTo(2_000_001_000);
    rejects("""
        apiVersion: scheduling.k8s.io/v1
        kind: PriorityClass
        metadata: {name: system-mine}
        value: 5
        """, "document 0 (PriorityClass system-mine): metadata.name: priority class names with 'system-' prefix are reserved");
    rejects("""
        apiVersion: scheduling.k8s.io/v1
        kind: PriorityClass
        metadata: {name: huge}
        value: 1000000001
        """, "document 0 (PriorityClass huge): value: maximum allowed value of a user defined priority is 1000000000, got 1000000001");
  }

  // ------------------------------------------------------------ batch Jobs, Pods, Deployments

  @Test
  void aBatchJobsGangIsItsParallelismCappedByCompletions() {
    JobManifest j = job("""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: pi
          namespace: sci
        spec:
          parallelism: 4
          completions: 2
          activeDeadlineSeconds: 600
          template:
            metadata:
              annotations:
                scheduling.volcano.sh/queue-name: physics
            spec:
              priorityClassName: ""
              containers:
                - name: pi
                  image: perl:5.34.0
                  command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
                  resources: {requests: {cpu: 250m}}
              restartPolicy: Never
        """);
    assertThat(j.jobKind()).isEqualTo(JobKind.BATCH_JOB);
    assertThat(j.tasks().get(0).name()).isEqualTo("pi");
    assertThat(j.tasks().get(0).replicas()).isEqualTo(2);
    assertThat(j.minAvailable()).isEqualTo(2);
    assertThat(j.completions()).isEqualTo(2);
    assertThat(j.maxRetry()).isEqualTo(6);
    assertThat(j.runtimeEstimate()).hasSeconds(600);
    assertThat(j.queue()).isEqualTo("physics");
    assertThat(j.queueField()).isEqualTo("spec.template.metadata.annotations[scheduling.volcano.sh/queue-name]");
    assertThat(j.priorityClassName()).isNull();
  }

  @Test
  void batchJobGangSizeAndItsOverridesAreChecked() {
    String base = """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: sized
          annotations: {ANNOTATION}
        spec:
          parallelism: PAR
          template:
            spec:
              containers: [{name: c, image: busybox}]
              restartPolicy: Never
        """;
    assertThat(job(base.replace("ANNOTATION", "argosy.io/min-available: \"2\"").replace("PAR", "8")).minAvailable()).isEqualTo(2);
    rejects(base.replace("ANNOTATION", "argosy.io/min-available: \"9\"").replace("PAR", "8"),
        "document 0 (Job default/sized): metadata.annotations[argosy.io/min-available]: must be between 1 and the gang size 8, got 9");
    rejects(base.replace("ANNOTATION", "{}").replace("PAR", "0"),
        "document 0 (Job default/sized): spec.parallelism: 0 runs no pod; a job needs parallelism of at least 1 to be scheduled");
    rejects(base.replace("ANNOTATION", "{}").replace("PAR", "-1"),
        "document 0 (Job default/sized): spec.parallelism: must be greater than or equal to 0");
  }

  @Test
  void aBarePodIsAGangOfOneAndTheKueueLabelWinsOverVolcanosAnnotation() {
    JobManifest p = job("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: gpu-pod
          labels: {kueue.x-k8s.io/queue-name: team-a}
          annotations:
            scheduling.volcano.sh/queue-name: team-b
            nvidia.com/use-gputype: H100
        spec:
          containers:
            - name: c
              image: cuda
              resources:
                limits: {nvidia.com/gpu: 2}
        """);
    assertThat(p.jobKind()).isEqualTo(JobKind.POD);
    assertThat(p.tasks()).hasSize(1);
    assertThat(p.minAvailable()).isEqualTo(1);
    assertThat(p.queue()).isEqualTo("team-a");
    assertThat(p.tasks().get(0).pod().selector().useTypes()).containsExactly("H100");
  }

  @Test
  void deploymentsAndPodGroupsAreRecognised() {
    List<Manifest> all = parser.parse("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, labels: {app: web}}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: c, image: nginx, resources: {requests: {cpu: 100m}}}]
        ---
        apiVersion: scheduling.volcano.sh/v1beta1
        kind: PodGroup
        metadata: {name: pg, namespace: batch}
        spec:
          minMember: 3
          queue: q1
          minResources: {cpu: "3", nvidia.com/gpu: 3}
        """);
    DeploymentManifest d = (DeploymentManifest) all.get(0);
    assertThat(d.workload().replicas()).isEqualTo(1);
    assertThat(d.workload().demand().get("cpu")).isEqualTo(100);
    PodGroupManifest pg = (PodGroupManifest) all.get(1);
    assertThat(pg.displayName()).isEqualTo("batch/pg");
    assertThat(pg.minMember()).isEqualTo(3);
    assertThat(pg.minResources().get("cpu")).isEqualTo(3000);
    assertThat(pg.minResources().get("nvidia.com/gpu")).isEqualTo(3);
  }

  @Test
  void generatedNamesAreRepeatableWithASeed() {
    String yaml = """
        apiVersion: batch/v1
        kind: Job
        metadata: {generateName: sample-job-}
        spec:
          template:
            spec:
              containers: [{name: c, image: busybox}]
        """;
    String a = ((JobManifest) new ManifestParser(new DemandParser(Catalog.builtin()), NameGenerator.seeded(1)).parse(yaml).get(0)).id().name();
    String b = ((JobManifest) new ManifestParser(new DemandParser(Catalog.builtin()), NameGenerator.seeded(1)).parse(yaml).get(0)).id().name();
    assertThat(a).isEqualTo(b).matches("sample-job-[bcdfghjklmnpqrstvwxz2456789]{5}");
    rejects("""
        apiVersion: batch/v1
        kind: Job
        metadata: {namespace: x}
        spec: {template: {spec: {containers: [{name: c, image: i}]}}}
        """, "document 0 (Job): metadata.name: name or generateName is required");
  }

  // ------------------------------------------------------------ rejections with exact messages

  @Test
  void aDuplicatedTaskNameInTheThirdDocument() {
    String mpi = MPI.replace("name: lm-mpi-job", "name: mpi").replace("name: mpimaster\n", "name: mpiworker\n");
    String queue = """
        apiVersion: scheduling.volcano.sh/v1beta1
        kind: Queue
        metadata: {name: q}
        ---
        """;
    rejects(queue + "# an empty document still counts\n---\n" + mpi,
        "document 2 (Job default/mpi): spec.tasks[1].name: duplicated task name mpiworker");
  }

  @Test
  void volcanoWebhookChecks() {
    String one = """
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata: {name: j}
        spec:
          SPEC
          tasks:
            - replicas: 2
              name: TASK
              MIN
              template:
                spec:
                  containers: [{name: c, image: busybox}]
        """;
    String ok = one.replace("SPEC", "queue: default").replace("TASK", "t").replace("MIN", "");
    assertThat(job(ok).minAvailable()).isEqualTo(2);
    rejects(one.replace("SPEC", "minAvailable: -1").replace("TASK", "t").replace("MIN", ""),
        "document 0 (Job default/j): spec.minAvailable: job 'minAvailable' must be >= 0.");
    rejects(one.replace("SPEC", "maxRetry: -2").replace("TASK", "t").replace("MIN", ""),
        "document 0 (Job default/j): spec.maxRetry: 'maxRetry' cannot be less than zero.");
    rejects(one.replace("SPEC", "queue: default").replace("TASK", "t").replace("MIN", "minAvailable: 3"),
        "document 0 (Job default/j): spec.tasks[0].minAvailable: 'minAvailable' is greater than 'replicas' in task: t, job: j");
    rejects(one.replace("SPEC", "queue: default").replace("TASK", "Bad_Name").replace("MIN", ""),
        "document 0 (Job default/j): spec.tasks[0].name: a lowercase RFC 1123 label must consist of lower case alphanumeric "
            + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc'), got 'Bad_Name'");
    rejects(one.replace("SPEC", "plugins: {horovod: []}").replace("TASK", "t").replace("MIN", ""),
        "document 0 (Job default/j): spec.plugins[horovod]: unable to find job plugin: horovod");
    rejects(one.replace("SPEC", "plugins: {mpi: [\"--master=launcher\"]}").replace("TASK", "worker").replace("MIN", ""),
        "document 0 (Job default/j): spec.plugins[mpi]: The specified mpi master task was not found");
    rejects(one.replace("SPEC", "policies: [{event: PodExploded, action: RestartJob}]").replace("TASK", "t").replace("MIN", ""),
        "document 0 (Job default/j): spec.policies[0].event: invalid policy event PodExploded; valid events are "
            + "[*, PodFailed, PodEvicted, Unknown, TaskCompleted, TaskFailed, JobUpdated]");
    rejects(one.replace("SPEC", "policies: [{event: PodFailed, exitCode: 3, action: RestartJob}]").replace("TASK", "t").replace("MIN", ""),
        "document 0 (Job default/j): spec.policies[0]: must not specify event and exitCode simultaneously");
    rejects(one.replace("SPEC", "policies: [{event: '*', action: AbortJob}, {event: PodFailed, action: RestartJob}]")
            .replace("TASK", "t").replace("MIN", ""),
        "document 0 (Job default/j): spec.policies: if there's * here, no other policy should be here");
    rejects(one.replace("SPEC", "tasks: []\n  x: y").replace("TASK", "t").replace("MIN", ""),
        "document 0: invalid YAML: found duplicate key tasks at line 7, column 3");
  }

  @Test
  void tasksMustFormADagAndNameRealTasks() {
    String yaml = """
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata: {name: dag}
        spec:
          tasks:
            - {name: a, replicas: 1, dependsOn: {name: [B]}, template: {spec: {containers: [{name: c, image: i}]}}}
            - {name: b, replicas: 1, dependsOn: {name: [a]}, template: {spec: {containers: [{name: c, image: i}]}}}
        """;
    rejects(yaml, "document 0 (Job default/dag): spec.tasks[0].dependsOn.name[0]: task B does not exist");
    rejects(yaml.replace("[B]", "[b]"),
        "document 0 (Job default/dag): spec.tasks: job has dependencies between tasks, but doesn't form a directed acyclic graph(DAG)");
  }

  @Test
  void wrongTypesAndDemandErrorsNameTheFullFieldPath() {
    rejects("""
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata: {name: typed}
        spec:
          tasks:
            - name: t
              replicas: many
              template: {spec: {containers: [{name: c, image: i}]}}
        """, "document 0 (Job default/typed): spec.tasks[0].replicas: cannot read \"many\" as an integer");
    assertThatThrownBy(() -> parser.parse("""
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata: {name: vgpu}
        spec:
          tasks:
            - name: t
              replicas: 1
              template:
                spec:
                  containers:
                    - name: c
                      image: i
                      resources: {limits: {nvidia.com/gpu: 1, nvidia.com/gpucores: 120}}
        """))
        .isInstanceOf(ManifestException.class)
        .satisfies(e -> {
          ManifestException m = (ManifestException) e;
          assertThat(m.field()).isEqualTo("spec.tasks[0].template.spec.containers[0].resources.limits[nvidia.com/gpucores]");
          assertThat(m.reason()).contains("120");
          assertThat(m.getMessage()).startsWith("document 0 (Job default/vgpu): spec.tasks[0].template.spec.containers[0]");
        });
  }

  @Test
  void syntaxAndShapeErrorsPointAtTheDocument() {
    rejects("apiVersion: v1\nkind: Pod\n---\nmetadata: {name: [unclosed\n",
        "document 1: invalid YAML: expected ',' or ']', but got <stream end> at line 5, column 1");
    rejects("apiVersion: v1\nkind: Pod\nkind: Job\n", "document 0: invalid YAML: found duplicate key kind at line 3, column 1");
    rejects("- a\n- b\n", "document 0: expected a Kubernetes object (a mapping), got a list");
    rejects("apiVersion: v1\nmetadata: {name: x}\n", "document 0: kind: Required value: every object needs apiVersion and kind");
    rejects("{\"apiVersion\": \"v1\", \"kind\": }", "document 0: invalid JSON: Unexpected character ('}' (code 125)): expected a valid value "
        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line 1, column 30");
  }

  @Test
  void jsonSingleArrayAndConcatenatedAndListsAreAccepted() {
    String pod = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"NAME\"},"
        + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}";
    assertThat(parser.parse(pod.replace("NAME", "a"))).hasSize(1);
    assertThat(parser.parse("[" + pod.replace("NAME", "a") + "," + pod.replace("NAME", "b") + "]"))
        .extracting(Manifest::displayName).containsExactly("default/a", "default/b");
    assertThat(parser.parse(pod.replace("NAME", "a") + "\n" + pod.replace("NAME", "b")))
        .extracting(Manifest::documentIndex).containsExactly(0, 1);
    String list = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + pod.replace("NAME", "a") + ","
        + pod.replace("NAME", "b").replace("\"image\":\"i\"", "\"image\":\"i\",\"resources\":{\"limits\":{\"nvidia.com/gpu\":\"half\"}}")
        + "]}";
    assertThatThrownBy(() -> parser.parse(list))
        .isInstanceOf(ManifestException.class)
        .satisfies(e -> assertThat(((ManifestException) e).field())
            .isEqualTo("items[1].spec.containers[0].resources.limits[nvidia.com/gpu]"));
  }

  @Test
  void unhandledKindsAreReportedNotRejected() {
    List<Manifest> all = parser.parse("""
        apiVersion: v1
        kind: LimitRange
        metadata: {name: limits, namespace: ml}
        spec: {limits: []}
        """);
    assertThat(all.get(0)).isEqualTo(new OtherManifest(0, "v1", "LimitRange", "ml", "limits"));
  }

  @Test
  void jobDependenciesAreKeptWholeWithTheirNamespaceAndSecretDataMustBeBase64() {
    List<Manifest> all = parser.parse("""
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data, namespace: ml}
        spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: token}
        data: {key: c2VjcmV0}
        """);
    DependencyManifest pvc = (DependencyManifest) all.get(0);
    assertThat(pvc.key()).isEqualTo("PersistentVolumeClaim/ml/data");
    assertThat(pvc.json()).contains("\"storage\":\"1Gi\"");
    DependencyManifest secret = (DependencyManifest) all.get(1);
    assertThat(secret.key()).isEqualTo("Secret/default/token");
    assertThat(secret.json()).contains("\"namespace\":\"default\"");
    assertThat(secret.toString()).doesNotContain("c2VjcmV0");
    assertThatThrownBy(() -> parser.parse("""
        apiVersion: v1
        kind: Secret
        metadata: {name: bad}
        data: {key: "not base64!"}
        """)).isInstanceOf(ManifestException.class)
        .satisfies(e -> assertThat(((ManifestException) e).field()).isEqualTo("data[key]"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not base64!"));
  }

  // ------------------------------------------------------------ queues

  @Test
  void aVolcanoQueueWithQuotaInPodDemandUnits() {
    QueueManifest q = (QueueManifest) parser.parse("""
        apiVersion: scheduling.volcano.sh/v1beta1
        kind: Queue
        metadata: {name: vision}
        spec:
          weight: 3
          priority: 5
          reclaimable: false
          parent: research
          capability: {cpu: "64", memory: 512Gi, nvidia.com/gpu: 32, "nvidia.com/gpu[H100]": 8, nvidia.com/mig-3g.40gb: 14}
          guarantee: {resource: {nvidia.com/gpu: 4}}
          deserved: {nvidia.com/gpu: 16, nvidia.com/gpumem: 409600}
        """).get(0);
    QueueSpec s = q.spec();
    assertThat(s.parent()).isEqualTo("research");
    assertThat(s.weight()).isEqualTo(3);
    assertThat(s.priority()).isEqualTo(5);
    assertThat(s.reclaimable()).isFalse();
    assertThat(s.quota().capability().get("cpu")).isEqualTo(64_000);
    assertThat(s.quota().capability().get("memory")).isEqualTo(512L << 30);
    assertThat(s.quota().capability().get("nvidia.com/gpu[H100]")).isEqualTo(8);
    assertThat(s.quota().capability().get("nvidia.com/mig-3g.40gb")).isEqualTo(14);
    assertThat(s.quota().guarantee().get("nvidia.com/gpu")).isEqualTo(4);
    assertThat(s.quota().deserved().get("nvidia.com/gpumem")).isEqualTo(409_600);
    assertThat(q.impliedAncestors()).isEmpty();
  }

  @Test
  void badQueuesAreRejected() {
    String q = """
        apiVersion: scheduling.volcano.sh/v1beta1
        kind: Queue
        metadata:
          name: q
          annotations: {volcano.sh/hierarchy: PATH, volcano.sh/hierarchy-weights: WEIGHTS}
        spec: SPEC
        """;
    rejects(q.replace("PATH", "root/a/q").replace("WEIGHTS", "1/2").replace("SPEC", "{}"),
        "document 0 (Queue q): metadata.annotations[volcano.sh/hierarchy-weights]: has 2 weights for the 3 levels of volcano.sh/hierarchy");
    rejects(q.replace("PATH", "top/q").replace("WEIGHTS", "1/1").replace("SPEC", "{}"),
        "document 0 (Queue q): metadata.annotations[volcano.sh/hierarchy]: must start with root, got 'top/q'");
    rejects(q.replace("PATH", "root/q").replace("WEIGHTS", "1/1").replace("SPEC", "{weight: 0}"),
        "document 0 (Queue q): spec.weight: queue weight must be a positive integer, got 0");
    rejects(q.replace("PATH", "root/q").replace("WEIGHTS", "1/1")
            .replace("SPEC", "{capability: {nvidia.com/gpu: 4}, guarantee: {resource: {nvidia.com/gpu: 8}}}"),
        "document 0 (Queue q): spec.guarantee.resource[nvidia.com/gpu]: guarantee 8 exceeds capability 4");
    rejects(q.replace("PATH", "root/q").replace("WEIGHTS", "1/1").replace("SPEC", "{capability: {nvidia.com/gpu: 1.5}}"),
        "document 0 (Queue q): spec.capability[nvidia.com/gpu]: 1.5 is fractional; a nvidia.com/gpu amount must be a whole number");
    QueueManifest parent = (QueueManifest) parser.parse(q.replace("PATH", "root/a/q").replace("WEIGHTS", "1/2/3")
        .replace("SPEC", "{parent: explicit}")).get(0);
    assertThat(parent.spec().parent()).isEqualTo("explicit");
    assertThat(parent.impliedAncestors()).isEmpty();
  }

  // ------------------------------------------------------------ placement

  @Test
  void aPropagationPolicySelectsTheJobItNames() {
    List<Manifest> all = parser.parse(GPU_JOB + """
        ---
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata: {name: gpu-to-h100-clusters}
        spec:
          priority: 10
          resourceSelectors:
            - {apiVersion: batch.volcano.sh/v1alpha1, kind: Job, name: gpu-training}
          placement:
            clusterAffinities:
              - affinityName: h100
                labelSelector: {matchLabels: {gpu: h100}}
              - affinityName: anything
                clusterNames: [spare]
            replicaScheduling: {replicaSchedulingType: Duplicated}
        """);
    PlacementResolver resolver = new PlacementResolver();
    resolver.put(((PropagationPolicyManifest) all.get(2)).policy());
    JobManifest j = (JobManifest) all.get(1);
    Placement p = resolver.placementFor(j.target());
    assertThat(p.clusterAffinities()).extracting(t -> t.affinityName()).containsExactly("h100", "anything");
    assertThat(p.allowsDivision()).isFalse();
    PriorityClasses classes = new PriorityClasses();
    classes.put(((PriorityClassManifest) all.get(0)).spec());
    assertThat(j.toJob(classes, p, NOW).placement()).isSameAs(p);
  }

  @Test
  void badPoliciesAreRejectedWithTheirPath() {
    String pp = """
        apiVersion: policy.karmada.io/v1alpha1
        kind: ClusterPropagationPolicy
        metadata: {name: p}
        spec:
          resourceSelectors: [{apiVersion: batch/v1, kind: Job}]
          placement: PLACEMENT
        """;
    rejects(pp.replace("PLACEMENT", "{clusterAffinity: {clusterNames: [a]}, clusterAffinities: [{affinityName: x}]}"),
        "document 0 (ClusterPropagationPolicy p): spec.placement.clusterAffinities: clusterAffinities can not co-exist with clusterAffinity");
    rejects(pp.replace("PLACEMENT", "{clusterAffinity: {fieldSelector: {matchExpressions: [{key: rack, operator: In, values: [r1]}]}}}"),
        "document 0 (ClusterPropagationPolicy p): spec.placement.clusterAffinity.fieldSelector.matchExpressions[0].key: "
            + "unsupported key rack; supported keys are provider, region, zone");
    rejects(pp.replace("PLACEMENT", "{spreadConstraints: [{spreadByField: region, minGroups: 3, maxGroups: 2}]}"),
        "document 0 (ClusterPropagationPolicy p): spec.placement.spreadConstraints[0].maxGroups: maxGroups lower than minGroups is not allowed");
    rejects(pp.replace("PLACEMENT", "{spreadConstraints: [{spreadByField: region, minGroups: 1}]}"),
        "document 0 (ClusterPropagationPolicy p): spec.placement.spreadConstraints: "
            + "the cluster spread constraint must be enabled in one of the constraints in case of SpreadByField is enabled");
    rejects(pp.replace("PLACEMENT", "{clusterAffinity: {clusterNames: member1}}"),
        "document 0 (ClusterPropagationPolicy p): spec.placement.clusterAffinity.clusterNames: expected a list of strings, got \"member1\"");
    rejects(pp.replace("PLACEMENT", "{replicaScheduling: {replicaSchedulingType: Split}}"),
        "document 0 (ClusterPropagationPolicy p): spec.placement.replicaScheduling.replicaSchedulingType: "
            + "Unsupported value: \"Split\": supported values: \"Duplicated\", \"Divided\"");
    rejects(pp.replace("resourceSelectors: [{apiVersion: batch/v1, kind: Job}]", "resourceSelectors: []").replace("PLACEMENT", "{}"),
        "document 0 (ClusterPropagationPolicy p): spec.resourceSelectors: Required value: at least one resource selector");
  }
}
