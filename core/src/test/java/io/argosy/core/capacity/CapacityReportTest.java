package io.argosy.core.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.agent.sim.SimOptions;
import io.argosy.core.json.Json;
import io.argosy.core.server.ArgosyServer;
import io.argosy.core.testing.Cli;
import io.argosy.core.testing.Eventually;
import io.argosy.core.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capacity report of the demo fleet (examples/fleet.yaml, served by real agents over simulated
 * member clusters) against the fleet file: every accelerator kind with its device, instance and
 * share totals; what running and pending jobs hold and want; the JSON, the table, the static HTML
 * page and, in a headless Chromium, the live page's charts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CapacityReportTest {
  static final Duration LIMIT = Duration.ofSeconds(90);
  static final Path ROOT = Path.of(System.getProperty("argosy.root", ".."));

  ArgosyServer server;
  Http http;
  FleetExpectations fleet;
  Path dir;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    Path fleetFile = ROOT.resolve("examples/fleet.yaml");
    fleet = FleetExpectations.of(fleetFile);
    server = ArgosyServer.start(ArgosyServer.Config.defaults(dir.resolve("data")).withPort(0)
        .withFleet(fleetFile, SimOptions.DEFAULT.withTimeScale(0.05)));
    http = new Http(server.url());
    Eventually.await("three ready clusters", LIMIT, () -> http.get("/v1/clusters").json(),
        j -> j.path("items").size() == 3 && StreamSupport.stream(j.path("items").spliterator(), false)
            .allMatch(c -> c.path("ready").asBoolean()));
    assertThat(http.submit(Files.readString(ROOT.resolve("examples/jobs/01-queues.yaml"))).status()).isBetween(200, 201);
    // held for the whole test (runtime 1 h, x0.05 = 3 min): 16 A100s, one MIG 3g.40gb instance, one L40S share
    assertThat(http.submit(job("hold-a100", "training", 2, "nvidia.com/gpu: 8, cpu: '8', memory: 64Gi",
        "      nodeSelector: {nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB}")).status()).isBetween(200, 201);
    assertThat(http.submit(job("hold-mig", "inference", 1, "nvidia.com/mig-3g.40gb: 1, cpu: '2', memory: 8Gi", ""))
        .status()).isBetween(200, 201);
    assertThat(http.submit(job("hold-vgpu", "inference", 1,
        "nvidia.com/gpu: 1, nvidia.com/gpumem: 10000, nvidia.com/gpucores: 30, cpu: '1', memory: 4Gi", "")).status())
        .isBetween(200, 201);
    for (String j : new String[] {"hold-a100", "hold-mig", "hold-vgpu"}) {
      Eventually.await(j + " running", LIMIT, () -> http.get("/v1/jobs/default/" + j).json(),
          v -> v.path("state").asText().equals("Running"));
    }
    // over the training queue's capability of 32 GPUs while hold-a100 holds 16: stays pending
    assertThat(http.submit(job("wait-a100", "training", 4, "nvidia.com/gpu: 8, cpu: '8', memory: 64Gi", "")).status())
        .isBetween(200, 201);
    Eventually.await("wait-a100 looked at", LIMIT, () -> http.get("/v1/jobs/default/wait-a100").json(),
        v -> v.path("state").asText().equals("Pending") && v.path("pendingReasons").size() > 0);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static String job(String name, String queue, int pods, String limits, String extra) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
          labels: {kueue.x-k8s.io/queue-name: %s}
          annotations: {sim.argosy.io/runtime-seconds: "3600"}
        spec:
          parallelism: %d
          completions: %d
          template:
            spec:
              restartPolicy: Never
        %s
              containers:
                - name: main
                  image: busybox
                  resources:
                    limits: {%s}
        """.formatted(name, queue, pods, pods, extra, limits);
  }

  JsonNode report() {
    return http.get("/v1/capacity").json();
  }

  /** cluster|vendor|model|mode of every accelerator entry, clusters and the fleet totals ("fleet"). */
  static Map<String, JsonNode> accelerators(JsonNode r) {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode c : r.path("clusters")) {
      for (JsonNode a : c.path("accelerators")) {
        out.put(c.path("name").asText() + "|" + key(a), a);
      }
    }
    for (JsonNode a : r.path("totals")) {
      out.put("fleet|" + key(a), a);
    }
    return out;
  }

  static String key(JsonNode a) {
    return a.path("vendor").asText() + "|" + a.path("model").asText() + "|" + a.path("mode").asText();
  }

  @Test
  void everyAcceleratorKindOfTheFleetFileIsReportedWithItsTotals() {
    JsonNode r = report();
    Map<String, JsonNode> acc = accelerators(r);
    assertThat(acc.keySet()).containsExactlyInAnyOrderElementsOf(fleet.groups.keySet());
    for (FleetExpectations.Group g : fleet.groups.values()) {
      JsonNode a = acc.get(g.key());
      assertThat(a.path("devices").path("total").asInt()).as(g.key()).isEqualTo(g.devices());
      assertThat(a.path("devices").path("allocated").asInt() + a.path("devices").path("free").asInt()
          + a.path("devices").path("unhealthy").asInt()).as(g.key()).isEqualTo(g.devices());
      Map<String, Integer> instances = new HashMap<>();
      for (JsonNode p : a.path("partitions")) {
        instances.put(p.path("profile").asText(), p.path("total").asInt());
        assertThat(p.path("allocated").asInt() + p.path("free").asInt()).isEqualTo(p.path("total").asInt());
      }
      assertThat(instances).as(g.key()).isEqualTo(g.instances());
      if (g.slots() > 0) {
        assertThat(a.path("share").path("slots").path("total").asInt()).as(g.key()).isEqualTo(g.slots());
      } else {
        assertThat(a.has("share")).as(g.key()).isFalse();
      }
    }
    for (JsonNode c : r.path("clusters")) {
      var n = fleet.clusters.get(c.path("name").asText());
      assertThat(c.path("cpu").path("total").asLong()).isEqualTo(n.cpuMilli());
      assertThat(c.path("memory").path("total").asLong()).isEqualTo(n.memoryBytes());
      assertThat(c.path("condition").asText()).isEqualTo("Ready");
    }
    // the MIG single-strategy row names its profile and counts instances (not "gpu 112/112")
    JsonNode single = acc.get("gcp-eu-west|nvidia|A100-40GB|mig-single");
    assertThat(single.path("partitions").get(0).path("profile").asText()).isEqualTo("1g.5gb");
    assertThat(single.path("partitions").get(0).path("resource").asText()).isEqualTo("nvidia.com/gpu");
  }

  @Test
  void onlyCapacityThePendingTasksCouldUseButCannotCountsAsFragmented() {
    Map<String, JsonNode> acc = accelerators(report());
    // the pending job wants 4 x 8 whole NVIDIA GPUs: an L40S node (4 GPUs) cannot take a pod, 16 free A100s can
    assertThat(acc.get("gcp-eu-west|nvidia|L40S|share").path("devices").path("fragmented").asDouble()).isGreaterThan(10);
    assertThat(acc.get("aws-us-east|nvidia|A100-80GB|whole").path("devices").path("fragmented").asDouble()).isZero();
    // nothing pending wants NPUs or MIG instances: idle, not fragmented
    assertThat(acc.get("idc-cn-north|huawei|Ascend910A|whole").path("devices").path("fragmented").asDouble()).isZero();
    assertThat(acc.get("aws-us-east|nvidia|H100-80GB|mig-mixed").path("devices").path("fragmented").asDouble()).isZero();
  }

  @Test
  void runningAndPendingJobsShowAsAllocationQuotaUsageAndDemand() {
    JsonNode r = report();
    Map<String, JsonNode> acc = accelerators(r);
    assertThat(acc.get("aws-us-east|nvidia|A100-80GB|whole").path("devices").path("allocated").asInt()).isEqualTo(16);
    assertThat(acc.get("fleet|nvidia|A100-80GB|whole").path("allocatedPercent").asDouble()).isEqualTo(50.0);
    JsonNode mig = acc.get("aws-us-east|nvidia|H100-80GB|mig-mixed");
    JsonNode p3g = StreamSupport.stream(mig.path("partitions").spliterator(), false)
        .filter(p -> p.path("profile").asText().equals("3g.40gb")).findFirst().orElseThrow();
    assertThat(p3g.path("allocated").asInt()).isEqualTo(1);
    JsonNode share = acc.get("gcp-eu-west|nvidia|L40S|share").path("share");
    assertThat(share.path("memoryMiB").path("allocated").asLong()).isEqualTo(10000);
    assertThat(share.path("cores").path("allocated").asLong()).isEqualTo(30);
    assertThat(share.path("slots").path("allocated").asLong()).isEqualTo(1);
    // the plugin registers L40S memory as the driver reports it (46068 MiB), a little under the 48 GiB on the box
    assertThat(share.path("memoryOvercommit").asDouble()).isBetween(0.9, 1.0);

    assertThat(r.path("fragmentationBasis").asText()).isEqualTo("pending");
    JsonNode gpu = StreamSupport.stream(r.path("pending").spliterator(), false)
        .filter(p -> p.path("resource").asText().equals("nvidia.com/gpu")).findFirst().orElseThrow();
    assertThat(gpu.path("amount").asLong()).isEqualTo(32);
    assertThat(gpu.path("jobs").asInt()).isEqualTo(1);
    assertThat(gpu.path("queues").get(0).asText()).isEqualTo("training");

    JsonNode training = StreamSupport.stream(r.path("queues").spliterator(), false)
        .filter(q -> q.path("name").asText().equals("training")).findFirst().orElseThrow();
    JsonNode tg = training.path("resources").get(0);
    assertThat(tg.path("resource").asText()).isEqualTo("nvidia.com/gpu");
    assertThat(tg.path("capability").asLong()).isEqualTo(32);
    assertThat(tg.path("used").asLong()).isEqualTo(16);
    assertThat(tg.path("pending").asLong()).isEqualTo(32);
    assertThat(training.path("pendingJobs").asInt()).isEqualTo(1);
  }

  @Test
  void theTableIsGroupedAlignedAndFitsIn120Columns() {
    Cli.Run run = Cli.run("capacity", "--server", server.url());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(120));
    assertThat(run.out()).contains("Clusters\n", "\nAccelerators (FRAG: free devices the pending GPU tasks could not use)\n",
        "\nQueues\n", "\nPending demand\n")
        .containsPattern("gcp-eu-west\\s+nvidia A100-40GB\\s+mig-single\\s+16\\s+0\\s+16\\s+\\S+\\s+0%\\s+mig-1g\\.5gb as gpu 0/112")
        .containsPattern("aws-us-east\\s+nvidia A100-80GB\\s+whole\\s+32\\s+16\\s+16\\s")
        .containsPattern("\\s+mig-3g\\.40gb 1/16\n")
        .containsPattern("memory 9\\.8Gi/539\\.9Gi\n")
        .containsPattern("training\\s+nvidia\\.com/gpu\\s+16\\s+32\\s+\\S+\\s+-\\s+32\\s+")
        .containsPattern("nvidia\\.com/gpu\\s+32\\s+1\\s+training");
    assertThat(run.out()).doesNotContain("gpu 112/112");
  }

  @Test
  void theJsonAndHtmlOutputsCarryTheSameReportAndTheHtmlIsSelfContained() throws Exception {
    Cli.Run json = Cli.run("capacity", "--server", server.url(), "-o", "json");
    assertThat(json.exit()).isZero();
    assertThat(accelerators(Json.mapper().readTree(json.out())).keySet()).isEqualTo(fleet.groups.keySet());
    Path file = dir.resolve("capacity.html");
    Cli.Run html = Cli.run("capacity", "--server", server.url(), "-o", "html", "--out", file.toString());
    assertThat(html.exit()).as(html.err()).isZero();
    String page = Files.readString(file);
    assertThat(page).startsWith("<!DOCTYPE html>").contains("createElementNS", "function renderAllocation");
    // nothing is fetched from the network: no external scripts, styles, images or fonts
    assertThat(page).doesNotContainPattern("(?i)(src|href)\\s*=\\s*[\"']?(https?:)?//").doesNotContain("@import")
        .doesNotContainPattern("(?i)<link\\b");
    Matcher m = Pattern.compile("<script id=\"report\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL).matcher(page);
    assertThat(m.find()).isTrue();
    JsonNode embedded = Json.mapper().readTree(m.group(1));
    assertThat(accelerators(embedded).keySet()).isEqualTo(fleet.groups.keySet());
    assertThat(http.get("/ui/capacity").body()).contains("const LIVE = true")
        .contains("<script id=\"report\" type=\"application/json\">null</script>");
  }

  @Test
  void theLivePageRendersTheChartsInHeadlessChromium() throws Exception {
    Chromium chromium = Chromium.find();
    org.junit.jupiter.api.Assumptions.assumeTrue(chromium != null,
        "chromium is not installed (apt-get install chromium): the browser test is skipped");
    String url = server.url() + "/ui/capacity";
    String dom = chromium.dumpDom(url, dir.resolve("chromium-profile"));
    // rendered from a fetch of /v1/capacity (the live page embeds no report), and no error shown
    assertThat(dom).contains("data-rendered=").containsPattern("<div id=\"status\"[^>]*>report at [^<]* · live");
    // every accelerator row of the allocation chart, with the fleet file's totals
    Set<String> seen = new HashSet<>();
    for (Map<String, String> row : Chromium.elements(dom, "g", "data-kind", "devices")) {
      String k = row.get("data-cluster") + "|" + row.get("data-vendor") + "|" + row.get("data-model") + "|" + row.get("data-mode");
      FleetExpectations.Group g = fleet.groups.get(k);
      assertThat(g).as(k).isNotNull();
      assertThat(Integer.parseInt(row.get("data-total"))).as(k).isEqualTo(g.devices());
      seen.add(k);
    }
    assertThat(seen).isEqualTo(fleet.groups.keySet());
    assertThat(Chromium.elements(dom, "g", "data-kind", "devices")).anySatisfy(row -> {
      assertThat(row).containsEntry("data-cluster", "aws-us-east").containsEntry("data-model", "A100-80GB")
          .containsEntry("data-allocated", "16");
    });
    assertThat(Chromium.elements(dom, "g", "data-kind", "instances")).anySatisfy(row -> {
      assertThat(row).containsEntry("data-cluster", "gcp-eu-west").containsEntry("data-profile", "1g.5gb")
          .containsEntry("data-total", "112");
    });
    assertThat(Chromium.elements(dom, "g", "data-queue", "training")).anySatisfy(row -> {
      assertThat(row).containsEntry("data-resource", "nvidia.com/gpu").containsEntry("data-capability", "32")
          .containsEntry("data-used", "16").containsEntry("data-pending", "32");
    });
    assertThat(Chromium.elements(dom, "g", "data-resource", "nvidia.com/gpu")).anySatisfy(row ->
        assertThat(row).containsEntry("data-amount", "32").containsEntry("data-jobs", "1"));
    // the rendered text people read
    assertThat(dom).contains("16 / 32 devices allocated", "0 / 112 instances allocated");

    // the picture for people: the same charts from the static export (no timers, no network: quick to settle)
    Path page = dir.resolve("capacity-shot.html");
    Files.writeString(page, io.argosy.core.ui.CapacityPage.of(
        Json.mapper().treeToValue(report(), io.argosy.core.view.CapacityReport.class)));
    Path shot = Path.of("target", "capacity-ui.png");
    chromium.screenshot(page.toUri().toString(), shot, dir.resolve("chromium-profile-2"));
    assertThat(shot).isNotEmptyFile();
  }
}
