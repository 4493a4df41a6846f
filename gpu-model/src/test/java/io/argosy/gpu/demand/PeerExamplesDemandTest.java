package io.argosy.gpu.demand;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.gpu.Manifests;
import io.argosy.gpu.catalog.Catalog;
import io.argosy.gpu.catalog.Vendor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Pod and Deployment pod template HAMi publishes as an example parses without error, with the
 * demand kind a HAMi user would expect; vendors the design lists are understood, the others are
 * countable.
 */
class PeerExamplesDemandTest {
  private static final Set<Vendor> MODELLED =
      EnumSet.of(Vendor.NVIDIA, Vendor.HUAWEI, Vendor.ILUVATAR, Vendor.METAX, Vendor.CAMBRICON);

  /** File name (without the examples__ prefix) to the kind of every accelerator demand in it. */
  private static final Map<String, DemandKind> EXPECTED = new TreeMap<>(Map.ofEntries(
      Map.entry("ascend__job-310P.yaml", DemandKind.SHARE),
      Map.entry("ascend__job-910A.yaml", DemandKind.SHARE),
      Map.entry("ascend__job-910B2.yaml", DemandKind.SHARE),
      Map.entry("ascend__job-910B3.yaml", DemandKind.SHARE),
      Map.entry("ascend__job-910B4.yaml", DemandKind.SHARE),
      Map.entry("ascend__job-910C.yaml", DemandKind.SHARE),
      Map.entry("awsneuron__allocate_core.yaml", DemandKind.COUNTABLE),
      Map.entry("awsneuron__allocate_dev.yaml", DemandKind.COUNTABLE),
      Map.entry("awsneuron__multi_containers.yaml", DemandKind.COUNTABLE),
      Map.entry("biren__default_use.yaml", DemandKind.COUNTABLE),
      Map.entry("enflame__gcu_use.yaml", DemandKind.COUNTABLE),
      Map.entry("enflame__vgcu_use.yaml", DemandKind.COUNTABLE),
      Map.entry("hygon__default_use.yaml", DemandKind.COUNTABLE),
      Map.entry("hygon__specify_card_type_not_use.yaml", DemandKind.COUNTABLE),
      Map.entry("hygon__specify_card_type_to_use.yaml", DemandKind.COUNTABLE),
      Map.entry("hygon__specify_uuid_not_use.yaml", DemandKind.COUNTABLE),
      Map.entry("hygon__specify_uuid_to_use.yaml", DemandKind.COUNTABLE),
      Map.entry("hygon__use_exclusive_card.yaml", DemandKind.COUNTABLE),
      Map.entry("iluvatar__default_use_BI-V100.yaml", DemandKind.SHARE),
      Map.entry("iluvatar__default_use_BI-V150.yaml", DemandKind.SHARE),
      Map.entry("iluvatar__default_use_MR-V100.yaml", DemandKind.SHARE),
      Map.entry("iluvatar__multi-containers_BI-V100.yaml", DemandKind.SHARE),
      Map.entry("iluvatar__multi-containers_BI-V150.yaml", DemandKind.SHARE),
      Map.entry("iluvatar__multi-containers_MR-V100.yaml", DemandKind.SHARE),
      Map.entry("iluvatar__multi-devices_BI-V100.yaml", DemandKind.WHOLE),
      Map.entry("iluvatar__multi-devices_BI-V150.yaml", DemandKind.WHOLE),
      Map.entry("iluvatar__multi-devices_MR-V100.yaml", DemandKind.WHOLE),
      Map.entry("kunlun__allocate_exclusive.yaml", DemandKind.COUNTABLE),
      Map.entry("kunlun__default_use.yaml", DemandKind.COUNTABLE),
      Map.entry("metax__gpu__binpack.yaml", DemandKind.WHOLE),
      Map.entry("metax__gpu__default_use.yaml", DemandKind.WHOLE),
      Map.entry("metax__gpu__spread.yaml", DemandKind.WHOLE),
      Map.entry("metax__sgpu__allocate_exclusive.yaml", DemandKind.WHOLE),
      Map.entry("metax__sgpu__allocate_specific_gpu.yaml", DemandKind.SHARE),
      Map.entry("metax__sgpu__allocate_specific_qos.yaml", DemandKind.SHARE),
      Map.entry("metax__sgpu__allocate_vmemory_MiB.yaml", DemandKind.SHARE),
      Map.entry("metax__sgpu__default_use.yaml", DemandKind.SHARE),
      Map.entry("metax__sgpu__enable_topology_aware.yaml", DemandKind.WHOLE),
      Map.entry("metax__sgpu__multi-containers.yaml", DemandKind.SHARE),
      Map.entry("metax__sgpu__offline.yaml", DemandKind.SHARE),
      Map.entry("metax__sgpu__online.yaml", DemandKind.SHARE),
      Map.entry("mlu__allocate_whole.yaml", DemandKind.WHOLE),
      Map.entry("mlu__default_use.yaml", DemandKind.SHARE),
      Map.entry("mthreads__default_use.yaml", DemandKind.COUNTABLE),
      Map.entry("mthreads__multi_cards.yaml", DemandKind.COUNTABLE),
      Map.entry("mthreads__use_exclusive.yaml", DemandKind.COUNTABLE),
      Map.entry("nvidia__default_use.yaml", DemandKind.SHARE),
      Map.entry("nvidia__default_use_legacy.yaml", DemandKind.WHOLE),
      Map.entry("nvidia__dynamic_mig_example.yaml", DemandKind.SHARE),
      Map.entry("nvidia__example.yaml", DemandKind.SHARE),
      Map.entry("nvidia__mig_example.yaml", DemandKind.PARTITION),
      Map.entry("nvidia__specify_card_type_not_use.yaml", DemandKind.WHOLE),
      Map.entry("nvidia__specify_card_type_to_use.yaml", DemandKind.WHOLE),
      Map.entry("nvidia__specify_scheduling_policy.yaml", DemandKind.WHOLE),
      Map.entry("nvidia__specify_uuid_not_use.yaml", DemandKind.WHOLE),
      Map.entry("nvidia__specify_uuid_to_use.yaml", DemandKind.WHOLE),
      Map.entry("nvidia__use_as_normal.yaml", DemandKind.WHOLE),
      Map.entry("nvidia__use_exclusive_card.yaml", DemandKind.SHARE),
      Map.entry("nvidia__use_memory_fraction.yaml", DemandKind.SHARE),
      Map.entry("nvidia__use_sharing_card.yaml", DemandKind.SHARE),
      Map.entry("nvidia__vllm_cross_vgpu.yaml", DemandKind.SHARE),
      Map.entry("vastai__default_use.yaml", DemandKind.COUNTABLE)));

  private final DemandParser parser = new DemandParser(Catalog.builtin());

  @Test
  void everyHamiExampleParsesWithTheExpectedKind() throws IOException {
    Path dir = Manifests.shared().resolve("peer-examples/hami");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSize(62);
    List<String> seen = new ArrayList<>();
    int workloads = 0;
    Set<Vendor> vendorsSeen = EnumSet.noneOf(Vendor.class);
    for (Path file : files) {
      String key = file.getFileName().toString().replaceFirst("^examples__", "");
      for (Map<String, Object> doc : Manifests.documents(file)) {
        Object kind = doc.get("kind");
        PodDemand demand;
        if ("Pod".equals(kind)) {
          demand = parser.parse(Manifests.convert(doc, io.fabric8.kubernetes.api.model.Pod.class));
        } else if ("Deployment".equals(kind)) {
          Map<?, ?> template = (Map<?, ?>) ((Map<?, ?>) doc.get("spec")).get("template");
          Map<?, ?> meta = (Map<?, ?>) template.get("metadata");
          @SuppressWarnings("unchecked")
          Map<String, String> annotations = meta == null ? null : (Map<String, String>) meta.get("annotations");
          demand = parser.parse(Manifests.podSpec(template.get("spec")), annotations);
        } else {
          continue;
        }
        workloads++;
        seen.add(key);
        DemandKind expected = EXPECTED.get(key);
        assertThat(expected).as("expected kind listed for %s", key).isNotNull();
        List<AcceleratorDemand> accelerators = new ArrayList<>();
        demand.containers().forEach(c -> accelerators.addAll(c.accelerators()));
        assertThat(accelerators).as("%s asks for an accelerator", key).isNotEmpty();
        for (AcceleratorDemand a : accelerators) {
          assertThat(a.kind()).as("%s %s", key, a.resource()).isEqualTo(expected);
          vendorsSeen.add(a.vendor());
          if (MODELLED.contains(a.vendor())) {
            assertThat(a.kind()).as("%s is understood", a.resource()).isNotEqualTo(DemandKind.COUNTABLE);
          } else {
            assertThat(a.kind()).as("%s is countable", a.resource()).isEqualTo(DemandKind.COUNTABLE);
          }
        }
      }
    }
    assertThat(seen).containsAll(EXPECTED.keySet());
    assertThat(workloads).isEqualTo(67); // 62 files, five of them with two or three pods
    assertThat(vendorsSeen).containsAll(MODELLED);
  }
}
