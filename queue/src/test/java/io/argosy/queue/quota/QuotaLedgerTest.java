package io.argosy.queue.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.gpu.InvalidSpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuotaLedgerTest {
  private final QuotaLedger ledger = new QuotaLedger();

  private static QueueQuota cap(String v) {
    return QueueQuota.NONE.withCapability(ResourceVector.parse(v));
  }

  @Test
  void capabilityIsAHardLimitNamedInTheAnswer() {
    ledger.define("team-a", null, 1, true, cap("nvidia.com/gpu=32"));
    ledger.charge("team-a", ResourceVector.of("nvidia.com/gpu", 30));
    assertThat(ledger.check("team-a", ResourceVector.of("nvidia.com/gpu", 2)).allowed()).isTrue();
    QuotaCheck no = ledger.check("team-a", ResourceVector.of("nvidia.com/gpu", 4, "cpu", 1000));
    assertThat(no.allowed()).isFalse();
    assertThat(no.limit()).isEqualTo(QuotaCheck.Limit.CAPABILITY);
    assertThat(no.reason())
        .isEqualTo("queue team-a: nvidia.com/gpu would be 34, over capability 32 (in use 30, requested 4)");
  }

  @Test
  void anAncestorsCapabilityLimitsItsWholeSubtree() {
    ledger.define("eng", null, 1, true, cap("nvidia.com/gpu=10"));
    ledger.define("dev", "eng", 1, true, cap("nvidia.com/gpu=8"));
    ledger.define("prod", "eng", 1, true, cap("nvidia.com/gpu=8"));
    ledger.charge("dev", ResourceVector.of("nvidia.com/gpu", 6));
    QuotaCheck no = ledger.check("prod", ResourceVector.of("nvidia.com/gpu", 5));
    assertThat(no.allowed()).isFalse();
    assertThat(no.queue()).isEqualTo("eng");
    assertThat(ledger.usage("eng").get("nvidia.com/gpu")).isEqualTo(6);
    assertThat(ledger.check("prod", ResourceVector.of("nvidia.com/gpu", 4)).allowed()).isTrue();
  }

  @Test
  void modelQualifiedCapabilityCountsEveryCoveredModel() {
    ledger.define("vision", null, 1, true, cap("nvidia.com/gpu[H100]=8,nvidia.com/gpu=100"));
    ledger.charge("vision", ResourceVector.of("nvidia.com/gpu", 6, "nvidia.com/gpu[H100-80GB]", 6));
    assertThat(ledger.usage("vision", "nvidia.com/gpu[H100]")).isEqualTo(6);
    assertThat(ledger.check("vision", ResourceVector.of("nvidia.com/gpu[A100-80GB]", 50)).allowed()).isTrue();
    QuotaCheck no = ledger.check("vision", ResourceVector.of("nvidia.com/gpu[H100-NVL]", 4));
    assertThat(no.reason())
        .isEqualTo("queue vision: nvidia.com/gpu[H100] would be 10, over capability 8 (in use 6, requested 4)");
  }

  @Test
  void childrensGuaranteeAndDeservedNeverExceedTheParents() {
    ledger.define("eng", null, 1, true,
        new QueueQuota(ResourceVector.parse("nvidia.com/gpu=16"), ResourceVector.parse("nvidia.com/gpu=8"),
            ResourceVector.parse("nvidia.com/gpu=12")));
    ledger.define("dev", "eng", 1, true, QueueQuota.NONE.withGuarantee(ResourceVector.parse("nvidia.com/gpu=5")));
    assertThatThrownBy(() -> ledger.define("prod", "eng", 1, true,
            QueueQuota.NONE.withGuarantee(ResourceVector.parse("nvidia.com/gpu=4"))))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec.guarantee.resource[nvidia.com/gpu]: children of eng would have guarantee 9 in total, over eng's guarantee 8");
    ledger.define("prod", "eng", 1, true, QueueQuota.NONE.withDeserved(ResourceVector.parse("nvidia.com/gpu=10")));
    assertThatThrownBy(() -> ledger.setQuota("dev",
            new QueueQuota(null, ResourceVector.parse("nvidia.com/gpu=1"), ResourceVector.parse("nvidia.com/gpu=3"))))
        .hasMessage("spec.deserved[nvidia.com/gpu]: children of eng would have deserved 13 in total, over eng's deserved 12");
    assertThatThrownBy(() -> ledger.setQuota("dev", cap("nvidia.com/gpu=17")))
        .hasMessage("spec.capability[nvidia.com/gpu]: capability 17 exceeds parent eng's capability 16");
  }

  @Test
  void aParentCannotShrinkBelowItsChildren() {
    ledger.define("eng", null, 1, true, QueueQuota.NONE.withGuarantee(ResourceVector.parse("nvidia.com/gpu=8")));
    ledger.define("dev", "eng", 1, true, QueueQuota.NONE.withGuarantee(ResourceVector.parse("nvidia.com/gpu=6")));
    assertThatThrownBy(() -> ledger.setQuota("eng", QueueQuota.NONE.withGuarantee(ResourceVector.parse("nvidia.com/gpu=4"))))
        .hasMessage("spec.guarantee.resource[nvidia.com/gpu]: guarantee 4 is below the 6 its children have in total");
  }

  @Test
  void aQueuesOwnGuaranteeDeservedAndCapabilityAreOrdered() {
    assertThatThrownBy(() -> ledger.define("q", null, 1, true,
            new QueueQuota(ResourceVector.parse("cpu=4000"), ResourceVector.parse("cpu=8000"), null)))
        .hasMessage("spec.guarantee.resource[cpu]: guarantee 8000 exceeds capability 4000");
    assertThatThrownBy(() -> ledger.define("q", null, 1, true,
            new QueueQuota(ResourceVector.parse("cpu=4000"), null, ResourceVector.parse("cpu=5000"))))
        .hasMessage("spec.deserved[cpu]: deserved 5000 exceeds capability 4000");
    assertThatThrownBy(() -> ledger.define("q", null, 0, true, QueueQuota.NONE))
        .hasMessage("spec.weight: queue weight must be a positive integer, got 0");
    assertThatThrownBy(() -> ledger.define("q", "nope", 1, true, QueueQuota.NONE))
        .hasMessage("spec.parent: parent queue nope does not exist");
  }

  @Test
  void otherQueuesGuaranteesAreReservedEvenWhenIdle() {
    ledger.setTotal(ResourceVector.of("nvidia.com/gpu", 10));
    ledger.define("a", null, 1, true, QueueQuota.NONE.withGuarantee(ResourceVector.parse("nvidia.com/gpu=4")));
    ledger.define("b", null, 1, true, QueueQuota.NONE);
    assertThat(ledger.check("b", ResourceVector.of("nvidia.com/gpu", 6)).allowed()).isTrue();
    QuotaCheck no = ledger.check("b", ResourceVector.of("nvidia.com/gpu", 7));
    assertThat(no.limit()).isEqualTo(QuotaCheck.Limit.GUARANTEE_RESERVED);
    assertThat(no.reason())
        .isEqualTo("queue b: nvidia.com/gpu would be 7, over the 6 left after other queues' guarantees (in use 0, requested 7)");
    assertThat(ledger.check("a", ResourceVector.of("nvidia.com/gpu", 10)).allowed()).isTrue();
  }

  @Test
  void deservedDefaultsToTheWeightedShareOfTheParent() {
    ledger.setTotal(ResourceVector.of("nvidia.com/gpu", 12, "cpu", 120_000));
    ledger.define("a", null, 1, true, QueueQuota.NONE);
    ledger.define("b", null, 2, true, QueueQuota.NONE);
    ledger.define("b1", "b", 3, true, QueueQuota.NONE);
    ledger.define("b2", "b", 1, true, QueueQuota.NONE.withDeserved(ResourceVector.parse("cpu=1000")));
    ledger.charge("b1", ResourceVector.of("nvidia.com/gpu", 1));
    assertThat(ledger.deserved("a").get("nvidia.com/gpu")).isEqualTo(4);
    assertThat(ledger.deserved("b").get("nvidia.com/gpu")).isEqualTo(8);
    assertThat(ledger.deserved("b1").get("nvidia.com/gpu")).isEqualTo(6);
    assertThat(ledger.deserved("b2").get("cpu")).isEqualTo(1000);
  }

  @Test
  void usageAboveDeservedIsBorrowedAndReclaimableOnlyWhenTheQueueAllowsIt() {
    ledger.define("lender", null, 1, true, new QueueQuota(ResourceVector.parse("nvidia.com/gpu=10"), null,
        ResourceVector.parse("nvidia.com/gpu=4")));
    ledger.define("keeper", null, 1, false, new QueueQuota(ResourceVector.parse("nvidia.com/gpu=10"), null,
        ResourceVector.parse("nvidia.com/gpu=4")));
    ledger.charge("lender", ResourceVector.of("nvidia.com/gpu", 3));
    QuotaCheck ok = ledger.check("lender", ResourceVector.of("nvidia.com/gpu", 3));
    assertThat(ok.borrows()).isTrue();
    assertThat(ok.borrowing().get("nvidia.com/gpu")).isEqualTo(2);
    ledger.charge("lender", ResourceVector.of("nvidia.com/gpu", 3));
    ledger.charge("keeper", ResourceVector.of("nvidia.com/gpu", 7));
    assertThat(ledger.borrowed("lender").get("nvidia.com/gpu")).isEqualTo(2);
    assertThat(ledger.reclaimable("lender").get("nvidia.com/gpu")).isEqualTo(2);
    assertThat(ledger.borrowed("keeper").get("nvidia.com/gpu")).isEqualTo(3);
    assertThat(ledger.reclaimable("keeper").isEmpty()).isTrue();
  }

  @Test
  void onlyAQueueWithinItsDeservedShareMayReclaim() {
    ledger.define("a", null, 1, true, QueueQuota.NONE.withDeserved(ResourceVector.parse("nvidia.com/gpu=4")));
    ledger.charge("a", ResourceVector.of("nvidia.com/gpu", 2));
    assertThat(ledger.mayReclaim("a", ResourceVector.of("nvidia.com/gpu", 2)).allowed()).isTrue();
    assertThat(ledger.mayReclaim("a", ResourceVector.of("nvidia.com/gpu", 3)).reason())
        .isEqualTo("queue a: nvidia.com/gpu would be 5, over deserved 4 (in use 2, requested 3)");
  }

  @Test
  void loweringCapabilityBelowUsageIsReportedAndKeepsTheUsage() {
    ledger.define("a", null, 1, true, cap("nvidia.com/gpu=16"));
    ledger.charge("a", ResourceVector.of("nvidia.com/gpu", 12));
    List<QuotaOverage> over = ledger.setQuota("a", cap("nvidia.com/gpu=8"));
    assertThat(over).containsExactly(new QuotaOverage("a", "nvidia.com/gpu", 12, 8));
    assertThat(over.get(0).describe())
        .isEqualTo("queue a: nvidia.com/gpu in use 12 is over the new capability 8; running work is kept, new admissions wait");
    assertThat(ledger.usage("a").get("nvidia.com/gpu")).isEqualTo(12);
    assertThat(ledger.check("a", ResourceVector.of("nvidia.com/gpu", 1)).allowed()).isFalse();
    assertThat(ledger.check("a", ResourceVector.of("cpu", 1)).allowed()).isTrue();
  }

  @Test
  void releaseNeverDrivesUsageNegative() {
    ledger.define("a", null, 1, true, QueueQuota.NONE);
    ledger.charge("a", ResourceVector.of("cpu", 1000));
    assertThatThrownBy(() -> ledger.release("a", ResourceVector.of("cpu", 1500)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(ledger.usage("a").get("cpu")).isEqualTo(1000);
  }

  @Test
  void aQueueKeepsItsParentAndEmptyQueuesCanBeRemoved() {
    ledger.define("a", null, 1, true, QueueQuota.NONE);
    ledger.define("b", null, 1, true, QueueQuota.NONE);
    assertThatThrownBy(() -> ledger.define("a", "b", 1, true, QueueQuota.NONE))
        .hasMessage("spec.parent: cannot move queue a from parent root to b");
    ledger.charge("a", ResourceVector.of("cpu", 1));
    assertThatThrownBy(() -> ledger.remove("a")).hasMessageContaining("still uses");
    ledger.release("a", ResourceVector.of("cpu", 1));
    ledger.remove("a");
    assertThat(ledger.exists("a")).isFalse();
    assertThat(ledger.names()).containsExactly("root", "b");
  }
}
