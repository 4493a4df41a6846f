package io.argosy.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The roles table of docs/security.md, row by row. */
class AccessTest {
  static final Principal ADMIN = new Principal("ops", Role.ADMIN, Set.of(), null);
  static final Principal SUBMITTER = new Principal("ci", Role.SUBMITTER, Set.of("team-a"), null);
  static final Principal VIEWER = new Principal("dash", Role.VIEWER, Set.of(), null);
  static final Principal AGENT = new Principal("gpu-a", Role.AGENT, Set.of(), "gpu-a");

  @Test
  void adminMayCallEverything() {
    for (String[] call : CALLS) {
      assertThat(Access.refusal(ADMIN, call[0], call[1])).as("%s %s", call[0], call[1]).isNull();
    }
  }

  @Test
  void submitterSubmitsCancelsAndDeletesJobsAndReads() {
    assertThat(Access.refusal(SUBMITTER, "POST", "/v1/jobs")).isNull();
    assertThat(Access.refusal(SUBMITTER, "POST", "/v1/manifests")).isNull();
    assertThat(Access.refusal(SUBMITTER, "POST", "/v1/jobs/default/x/cancel")).isNull();
    assertThat(Access.refusal(SUBMITTER, "DELETE", "/v1/jobs/default/x")).isNull();
    assertThat(Access.refusal(SUBMITTER, "GET", "/v1/jobs")).isNull();
    assertThat(Access.refusal(SUBMITTER, "GET", "/v1/queues")).isNull();
    assertThat(Access.refusal(SUBMITTER, "PUT", "/v1/queues/team-a")).contains("needs an admin token");
    assertThat(Access.refusal(SUBMITTER, "PATCH", "/v1/queues/team-a/quota")).isNotNull();
    assertThat(Access.refusal(SUBMITTER, "PUT", "/v1/policy")).isNotNull();
    assertThat(Access.refusal(SUBMITTER, "POST", "/v1/clusters/a/cordon")).isNotNull();
    assertThat(Access.refusal(SUBMITTER, "POST", "/v1/jobs/default/x/other")).isNotNull();
    assertThat(Access.refusal(SUBMITTER, "GET", "/v1/audit")).contains("only admins");
  }

  @Test
  void viewerOnlyReads() {
    for (String[] call : CALLS) {
      String r = Access.refusal(VIEWER, call[0], call[1]);
      if (call[0].equals("GET") && !call[1].startsWith("/v1/audit")) {
        assertThat(r).as("%s %s", call[0], call[1]).isNull();
      } else {
        assertThat(r).as("%s %s", call[0], call[1]).isNotNull();
      }
    }
  }

  @Test
  void agentTokensCannotUseTheRestApi() {
    for (String[] call : CALLS) {
      assertThat(Access.refusal(AGENT, call[0], call[1])).as("%s %s", call[0], call[1]).contains("agent endpoint");
    }
  }

  @Test
  void jobVisibilityFollowsQueues() {
    assertThat(SUBMITTER.seesQueue("team-a")).isTrue();
    assertThat(SUBMITTER.seesQueue("team-b")).isFalse();
    assertThat(SUBMITTER.mayChangeJobsOf("team-b")).isFalse();
    assertThat(VIEWER.seesQueue("team-b")).isTrue();
    assertThat(VIEWER.mayChangeJobsOf("team-b")).isFalse();
    assertThat(ADMIN.mayChangeJobsOf("anything")).isTrue();
    assertThat(AGENT.seesQueue("team-a")).isFalse();
  }

  static final String[][] CALLS = {
      {"GET", "/v1/jobs"}, {"GET", "/v1/jobs/default/x"}, {"POST", "/v1/jobs"}, {"DELETE", "/v1/jobs/default/x"},
      {"POST", "/v1/jobs/default/x/cancel"}, {"GET", "/v1/queues"}, {"PUT", "/v1/queues/q"},
      {"PATCH", "/v1/queues/q/quota"}, {"DELETE", "/v1/queues/q"}, {"GET", "/v1/priorityclasses"},
      {"PUT", "/v1/priorityclasses/p"}, {"GET", "/v1/policy"}, {"PUT", "/v1/policy"}, {"GET", "/v1/clusters"},
      {"POST", "/v1/clusters/c/cordon"}, {"PUT", "/v1/clusters/c/taints"}, {"GET", "/v1/capacity"}, {"GET", "/v1/audit"}};
}
