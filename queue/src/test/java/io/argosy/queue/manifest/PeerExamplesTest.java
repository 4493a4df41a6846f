package io.argosy.queue.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.demand.DemandParser;
import io.argosy.queue.JobQueues;
import io.argosy.queue.QueueSpec;
import io.argosy.queue.job.JobKind;
import io.argosy.queue.placement.PropagationPolicy;
import io.argosy.queue.placement.ReplicaScheduling;
import io.argosy.queue.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every real published manifest in ../shared/peer-examples that Argosy handles must parse; Volcano's invalid_jobs must be rejected as Volcano's webhook rejects them. */
class PeerExamplesTest {
  private static final Path PEERS = Path.of(System.getProperty("argosy.shared", "../../shared"), "peer-examples");
  private final ManifestParser parser = new ManifestParser(new DemandParser(Catalog.builtin()), NameGenerator.seeded(7));

  private static List<Path> files(String folder) throws IOException {
    try (Stream<Path> s = Files.list(PEERS.resolve(folder))) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private List<Manifest> parse(Path p) throws IOException {
    return parser.parse(Files.readString(p));
  }

  private List<Manifest> parse(String folder, String file) throws IOException {
    return parse(PEERS.resolve(folder).resolve(file));
  }

  @Test
  void everyPeerExampleOfAHandledKindParses() throws IOException {
    Map<String, Integer> kinds = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    int files = 0;
    for (String folder : List.of("volcano", "kueue", "karmada", "hami")) {
      for (Path p : files(folder)) {
        if (p.getFileName().toString().contains("invalid_jobs")) {
          continue;
        }
        files++;
        try {
          for (Manifest m : parse(p)) {
            kinds.merge(m.getClass().getSimpleName() + " " + m.apiVersion() + "/" + m.kind(), 1, Integer::sum);
          }
        } catch (ManifestException e) {
          failures.add(p.getFileName() + ": " + e.getMessage());
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(files).isEqualTo(109);
    assertThat(kinds).containsEntry("JobManifest batch.volcano.sh/v1alpha1/Job", 21)
        .containsEntry("QueueManifest scheduling.volcano.sh/v1beta1/Queue", 5)
        .containsEntry("JobManifest batch/v1/Job", 11)
        .containsEntry("PropagationPolicyManifest policy.karmada.io/v1alpha1/PropagationPolicy", 6)
        .containsEntry("PropagationPolicyManifest policy.karmada.io/v1alpha1/ClusterPropagationPolicy", 2)
        .containsEntry("DeploymentManifest apps/v1/Deployment", 5)
        .containsEntry("JobManifest v1/Pod", 63)
        .containsEntry("OverridePolicyManifest policy.karmada.io/v1alpha1/OverridePolicy", 6)
        .containsEntry("OverridePolicyManifest policy.karmada.io/v1alpha1/ClusterOverridePolicy", 1)
        .containsEntry("DependencyManifest v1/PersistentVolumeClaim", 1)
        .containsEntry("OtherManifest webapp.my.domain/v1/Guestbook", 1);
  }

  @Test
  void volcanosInvalidJobsAreRejectedAsItsWebhookDoes() throws IOException {
    assertThatThrownBy(() -> parse("volcano", "example__invalid_jobs__duplicatedTaskName-webhook-deny.yaml"))
        .isInstanceOf(ManifestException.class)
        .hasMessage("document 0 (Job default/test-job-webhook-disallow): spec.tasks[1].name: duplicated task name task-1");
    assertThatThrownBy(() -> parse("volcano", "example__invalid_jobs__minAvailable-webhook-deny.yaml"))
        .hasMessage("document 0 (Job default/test-job-webhook-disallow): spec.minAvailable: "
            + "job 'minAvailable' should not be greater than total replicas in tasks");
    assertThatThrownBy(() -> parse("volcano", "example__invalid_jobs__duplicatedPolicyEvent-webhook-deny.yaml"))
        .hasMessage("document 0 (Job default/test-job-webhook-disallow): spec.policies[1].event: "
            + "duplicate event PodFailed across different policy")
        .satisfies(e -> {
          ManifestException m = (ManifestException) e;
          assertThat(m.documentIndex()).isZero();
          assertThat(m.kind()).isEqualTo("Job");
          assertThat(m.name()).isEqualTo("default/test-job-webhook-disallow");
          assertThat(m.field()).isEqualTo("spec.policies[1].event");
          assertThat(m.reason()).isEqualTo("duplicate event PodFailed across different policy");
        });
  }

  @Test
  void theHierarchyAnnotationsBuildAQueueTreeTheJobsCanUse() throws IOException {
    List<Manifest> queues = parse("volcano", "example__hierarchical-jobs__queues.yaml");
    QueueManifest prod = (QueueManifest) queues.get(0);
    assertThat(prod.specs()).extracting(QueueSpec::name).containsExactly("root/eng", "root-eng-prod");
    assertThat(prod.impliedAncestors().get(0).weight()).isEqualTo(2);
    assertThat(prod.spec().parent()).isEqualTo("root/eng");
    assertThat(prod.spec().weight()).isEqualTo(8);

    JobQueues jq = new JobQueues(MutableClock.atEpoch());
    for (Manifest m : queues) {
      ((QueueManifest) m).specs().forEach(jq::defineQueue);
    }
    assertThat(jq.ledger().children("root/sci")).containsExactly("root-sci-prod", "root-sci-dev");
    for (Manifest m : parse("volcano", "example__hierarchical-jobs__jobs.yaml")) {
      JobManifest jm = (JobManifest) m;
      assertThat(jq.refusal(jm.queue())).isEmpty();
    }
  }

  @Test
  void theMindSporeGpuJobIsAGangWithGpuWorkers() throws IOException {
    JobManifest j = (JobManifest) parse("volcano", "example__MindSpore-example__mindspore_gpu__mindspore-gpu.yaml").get(0);
    assertThat(j.jobKind()).isEqualTo(JobKind.VOLCANO_JOB);
    assertThat(j.minAvailable()).isEqualTo(3);
    assertThat(j.queue()).isEqualTo("default");
    assertThat(j.plugins()).containsOnlyKeys("ssh", "svc");
    assertThat(j.tasks()).extracting(t -> t.name() + "x" + t.replicas()).containsExactly("mpimasterx1", "mpiworkerx2");
    assertThat(j.tasks().get(1).pod().resources()).containsEntry("nvidia.com/gpu", 1L);
    assertThat(j.tasks().get(0).pod().resources()).doesNotContainKey("nvidia.com/gpu");
  }

  @Test
  void theElasticJobsMisspelledPriorityClassIsIgnoredAsTheApiServerWould() throws IOException {
    JobManifest j = (JobManifest) parse("volcano", "example__kubecon-2019-china__task-priority__elastic-job.yaml").get(0);
    assertThat(j.minAvailable()).isEqualTo(3);
    assertThat(j.tasks()).allSatisfy(t -> assertThat(t.priorityClassName()).isNull());
    assertThat(j.tasks()).allSatisfy(t -> assertThat(t.minAvailable()).isZero());
  }

  @Test
  void kueueJobsGoToTheQueueTheirLabelNames() throws IOException {
    JobManifest partial = (JobManifest) parse("kueue", "site__static__examples__jobs__sample-job-partial-admission.yaml").get(0);
    assertThat(partial.queue()).isEqualTo("user-queue");
    assertThat(partial.queueField()).isEqualTo("metadata.labels[kueue.x-k8s.io/queue-name]");
    assertThat(partial.tasks().get(0).replicas()).isEqualTo(20);
    assertThat(partial.minAvailable()).isEqualTo(5);
    JobManifest generated = (JobManifest) parse("kueue", "site__static__examples__jobs__sample-job.yaml").get(0);
    assertThat(generated.id().name()).startsWith("sample-job-").hasSize("sample-job-".length() + 5);
    JobManifest gpu = (JobManifest) parse("kueue", "site__static__examples__provisioning__sample-job.yaml").get(0);
    assertThat(gpu.runtimeEstimate()).hasSeconds(600);
    assertThat(gpu.tasks().get(0).pod().resources()).containsEntry("nvidia.com/gpu", 1L);
    List<Manifest> rct = parse("kueue", "site__static__examples__dra__sample-dra-rct-job.yaml");
    assertThat(rct.get(0)).isInstanceOf(OtherManifest.class);
    assertThat(rct.get(1)).isInstanceOf(JobManifest.class);
  }

  @Test
  void karmadaPoliciesBecomePlacements() throws IOException {
    PropagationPolicy weighted =
        ((PropagationPolicyManifest) parse("karmada", "samples__nginx__propagationpolicy.yaml").get(0)).policy();
    assertThat(weighted.placement().clusterAffinity().clusterNames()).containsExactly("member1", "member2");
    ReplicaScheduling rs = weighted.placement().replicaScheduling();
    assertThat(rs.type()).isEqualTo(ReplicaScheduling.Type.Divided);
    assertThat(rs.divisionPreference()).isEqualTo(ReplicaScheduling.DivisionPreference.Weighted);
    assertThat(rs.staticWeights()).extracting(w -> w.targetCluster().clusterNames().get(0) + "=" + w.weight())
        .containsExactly("member1=1", "member2=1");
    PropagationPolicy fields =
        ((PropagationPolicyManifest) parse("karmada", "artifacts__example__propagation_fieldsselector.yaml").get(0)).policy();
    assertThat(fields.placement().clusterAffinity().matches("member1", Map.of(), Map.of("provider", "huaweicloud", "region", "eu")))
        .isTrue();
    assertThat(fields.placement().clusterAffinity().matches("member1", Map.of(), Map.of("provider", "huaweicloud", "region", "cn-south-1")))
        .isFalse();
    PropagationPolicy spread =
        ((PropagationPolicyManifest) parse("karmada", "artifacts__example__policy_with_labelSelector.yaml").get(0)).policy();
    assertThat(spread.placement().spreadConstraints().get(0).spreadByLabel()).isEqualTo("failuredomain.kubernetes.io/zone");
    assertThat(spread.placement().spreadConstraints().get(0).minGroups()).isEqualTo(2);
    PropagationPolicy tolerate =
        ((PropagationPolicyManifest) parse("karmada", "artifacts__example__propagationpolicy_taintToleration.yaml").get(0)).policy();
    assertThat(tolerate.placement().clusterTolerations().get(0).tolerates("any", "", "NoSchedule")).isFalse();
    assertThat(tolerate.placement().clusterTolerations().get(0).effect()).isEqualTo("NoSchedule");
    PropagationPolicy cpp =
        ((PropagationPolicyManifest) parse("karmada", "artifacts__example__clusterpropagationpolicy_simple.yaml").get(0)).policy();
    assertThat(cpp.clusterScoped()).isTrue();
    assertThat(cpp.namespace()).isNull();
  }

  @Test
  void deploymentsBecomeServiceWorkloads() throws IOException {
    DeploymentManifest d = (DeploymentManifest) parse("hami", "examples__nvidia__example.yaml").get(0);
    assertThat(d.workload().replicas()).isGreaterThanOrEqualTo(1);
    assertThat(d.workload().pod().resources()).containsKey("nvidia.com/gpumem");
  }
}
