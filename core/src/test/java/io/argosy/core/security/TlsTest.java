package io.argosy.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.argosy.agent.sim.SimOptions;
import io.argosy.core.client.ArgosyClient;
import io.argosy.core.server.ArgosyServer;
import io.argosy.core.testing.Cli;
import io.argosy.core.testing.Eventually;
import io.argosy.core.view.ClusterView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS end to end with a certificate made at test time by the JDK's keytool (self-signed, for
 * localhost and 127.0.0.1): the embedded agents connect over wss, the CLI and the client trust it
 * with --ca-cert, and without that trust the CLI fails with a one-line hint.
 */
class TlsTest {
  @TempDir Path dir;

  @Test
  void theApiAndTheAgentsSpeakTlsWithOwnCertificates() throws Exception {
    Path[] pem = selfSigned(dir);
    Path fleet = dir.resolve("fleet.yaml");
    Files.copy(Path.of(TlsTest.class.getResource("/e2e/fleet.yaml").toURI()), fleet);
    try (ArgosyServer s = ArgosyServer.start(ArgosyServer.Config.defaults(dir.resolve("data")).withPort(0)
        .withFleet(fleet, SimOptions.DEFAULT.withTimeScale(0.05))
        .withSecurity(SecurityConfig.OPEN.withTls(new SecurityConfig.Tls(pem[0], pem[1]))))) {
      assertThat(s.url()).startsWith("https://");
      assertThat(s.securitySummary()).contains("TLS on");
      ArgosyClient client = new ArgosyClient(s.url(), null, Pem.trusting(pem[0], "--ca-cert"));
      List<ClusterView> clusters = Eventually.await("three clusters ready over wss", Duration.ofSeconds(120), () -> {
        try {
          return client.clusters();
        } catch (ArgosyClient.UnreachableException slowHandshakeOnABusyMachine) {
          return List.<ClusterView>of();
        }
      }, l -> l.size() == 3 && l.stream().allMatch(ClusterView::ready));
      assertThat(clusters).extracting(ClusterView::name).contains("nv-east", "cn-north");

      Cli.Run ok = Cli.run("get", "clusters", "--server", s.url(), "--ca-cert", pem[0].toString());
      assertThat(ok.exit()).as(ok.err()).isZero();
      assertThat(ok.out()).contains("nv-west");
      Cli.Run untrusted = Cli.run("get", "clusters", "--server", s.url());
      assertThat(untrusted.exit()).isEqualTo(1);
      assertThat(untrusted.err().strip()).doesNotContain("\n").contains("TLS").contains("--ca-cert");
      Cli.Run badCa = Cli.run("get", "clusters", "--server", s.url(), "--ca-cert", pem[1].toString());
      assertThat(badCa.exit()).as("a key is not a certificate").isEqualTo(2);
      assertThat(badCa.err()).contains("--ca-cert");
    }
  }

  /** keytool makes an RSA key and a self-signed certificate; they are written as PEM: {cert, key}. */
  static Path[] selfSigned(Path dir) throws Exception {
    Path ks = dir.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "argosy", "-keyalg", "RSA", "-keysize", "2048",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", ks.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(ks)) {
      store.load(in, "changeit".toCharArray());
    }
    Key key = store.getKey("argosy", "changeit".toCharArray());
    Path cert = Files.writeString(dir.resolve("server.crt"), pem("CERTIFICATE", store.getCertificate("argosy").getEncoded()));
    Path keyFile = Files.writeString(dir.resolve("server.key"), pem("PRIVATE KEY", key.getEncoded()));
    return new Path[] {cert, keyFile};
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }
}
