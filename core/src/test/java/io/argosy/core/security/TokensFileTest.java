package io.argosy.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argosy.gpu.InvalidSpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokensFileTest {
  static final String H1 = Tokens.sha256Hex("one");
  static final String H2 = Tokens.sha256Hex("two");

  @Test
  void readsEveryRoleFromYamlAndJson() {
    List<TokenEntry> yaml = TokensFile.parse("""
        tokens:
          - {name: ops, role: admin, sha256: %s}
          - name: team-a-ci
            role: submitter
            queues: [team-a, team-a-dev]
            sha256: %s
          - {name: gpu-a, role: agent, cluster: gpu-a, sha256: %s}
        """.formatted(H1, H2.toUpperCase(), Tokens.sha256Hex("three")));
    assertThat(yaml).extracting(TokenEntry::name).containsExactly("ops", "team-a-ci", "gpu-a");
    assertThat(yaml.get(1).sha256()).isEqualTo(H2);
    assertThat(yaml.get(1).principal().queues()).containsExactlyInAnyOrder("team-a", "team-a-dev");
    assertThat(yaml.get(2).principal().cluster()).isEqualTo("gpu-a");
    List<TokenEntry> json = TokensFile.parse("[{\"name\": \"dash\", \"role\": \"viewer\", \"sha256\": \"" + H1 + "\"}]");
    assertThat(json.get(0).role()).isEqualTo(Role.VIEWER);
  }

  @Test
  void errorsNameTheEntryAndField() {
    assertField("tokens: [{name: a, role: admin, token: secret, sha256: " + H1 + "}]", "tokens[0].token", "never the token");
    assertField("tokens: [{name: a, role: root, sha256: " + H1 + "}]", "tokens[0].role", "admin, submitter");
    assertField("tokens: [{name: a, role: admin, sha256: abc}]", "tokens[0].sha256", "SHA-256");
    assertField("tokens: [{name: a, role: submitter, sha256: " + H1 + "}]", "tokens[0].queues", "at least one queue");
    assertField("tokens: [{name: a, role: agent, sha256: " + H1 + "}]", "tokens[0].cluster", "needs its cluster");
    assertField("tokens: [{name: a, role: viewer, cluster: x, sha256: " + H1 + "}]", "tokens[0].cluster", "only agent");
    assertField("tokens: [{name: a, role: admin, sha256: " + H1 + "}, {name: a, role: admin, sha256: " + H2 + "}]",
        "tokens[1].name", "duplicate");
    assertField("tokens: [{name: a, role: admin, sha256: " + H1 + "}, {name: b, role: admin, sha256: " + H1 + "}]",
        "tokens[1].sha256", "twice");
    assertField("tokens: 3", "tokens", "expected a list");
    assertField("tokens: [a: b: c", "", "not YAML");
  }

  @Test
  void generatedTokensAreLongRandomAndAuthenticateOnlyByTheirHash() {
    String t = Tokens.generate();
    assertThat(t).startsWith("argosy_").hasSizeGreaterThan(40).isNotEqualTo(Tokens.generate());
    Authenticator a = new Authenticator(List.of(new TokenEntry("ci", Role.SUBMITTER, List.of("q"), null, Tokens.sha256Hex(t))));
    assertThat(a.authenticate(t)).map(Principal::name).contains("ci");
    assertThat(a.authenticate(t + "x")).isEmpty();
    assertThat(a.authenticate(Tokens.sha256Hex(t))).as("the hash itself is not a token").isEmpty();
    assertThat(a.authenticate(null)).isEmpty();
  }

  @Test
  void agentTokensSpeakOnlyForTheirCluster() {
    Authenticator a = new Authenticator(List.of(
        new TokenEntry("agent-a", Role.AGENT, List.of(), "gpu-a", Tokens.sha256Hex("ta")),
        new TokenEntry("ops", Role.ADMIN, List.of(), null, Tokens.sha256Hex("admin"))));
    var v = a.agentVerifier("embedded");
    assertThat(v.verify("gpu-a", "ta")).isTrue();
    assertThat(v.verify("gpu-b", "ta")).isFalse();
    assertThat(v.verify("gpu-a", "admin")).as("an admin token is not an agent token").isFalse();
    assertThat(v.verify("anything", "embedded")).as("the control plane's own agents").isTrue();
    assertThat(a.agentVerifier(null).verify("gpu-a", "embedded")).isFalse();
  }

  private static void assertField(String text, String field, String reason) {
    assertThatThrownBy(() -> TokensFile.parse(text)).isInstanceOf(InvalidSpecException.class)
        .satisfies(e -> assertThat(((InvalidSpecException) e).field()).isEqualTo(field))
        .hasMessageContaining(reason);
  }
}
