package io.argosy.agent.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The index must not change what fabric8's CRUD mock answers: the same random sequence of creates,
 * replaces, JSON and merge patches (object and status subresource), GETs, lists and DELETEs (with
 * and without finalizers, of objects that do and do not exist, namespaced and cluster-scoped, equal
 * names in different namespaces and kinds) is sent over HTTP to a plain fabric8 server and to an
 * indexed one; every answer must be the same (status and body, ignoring uids and timestamps), and
 * after every request the index must find exactly what fabric8's scan finds.
 */
class IndexedCrudDispatcherTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> NAMESPACES = List.of("default", "team-a");
  static final List<String> NAMES = List.of("a", "b", "c", "d");

  KubernetesMockServer plain;
  KubernetesMockServer indexed;
  IndexedCrudDispatcher index;
  HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    MockServerLogging.quiet();
    plain = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
    plain.init(InetAddress.getLoopbackAddress(), 0);
    index = new IndexedCrudDispatcher();
    indexed = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), index, false);
    indexed.init(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    plain.destroy();
    indexed.destroy();
  }

  record Call(String method, String path, String contentType, String body) {}

  @Test
  void answersExactlyAsFabric8sScanOverARandomWorkload() throws Exception {
    Random rnd = new Random(7);
    int compared = 0;
    for (int i = 0; i < 600; i++) {
      Call c = randomCall(rnd);
      String expected = answer(plain, c);
      String actual = answer(indexed, c);
      assertThat(actual).as("answer %d to %s %s", i, c.method(), c.path()).isEqualTo(expected);
      assertIndexAgreesWithScan();
      compared++;
    }
    assertThat(compared).isEqualTo(600);
  }

  @Test
  void aNamedObjectIsFoundAmongManyAndGoneAfterItsDelete() throws Exception {
    for (int i = 0; i < 300; i++) {
      send(indexed, new Call("POST", "/api/v1/namespaces/default/pods", "application/json", pod("p" + i, "default", false)));
    }
    assertThat(send(indexed, new Call("GET", "/api/v1/namespaces/default/pods/p123", null, null)).statusCode()).isEqualTo(200);
    assertThat(send(indexed, new Call("DELETE", "/api/v1/namespaces/default/pods/p123", null, null)).statusCode()).isEqualTo(200);
    assertThat(send(indexed, new Call("GET", "/api/v1/namespaces/default/pods/p123", null, null)).statusCode()).isEqualTo(404);
    assertThat(send(indexed, new Call("POST", "/api/v1/namespaces/default/pods", "application/json", pod("p7", "default", false)))
        .statusCode()).isEqualTo(409);
    JsonNode list = JSON.readTree(send(indexed, new Call("GET", "/api/v1/namespaces/default/pods", null, null)).body());
    assertThat(list.get("items")).hasSize(299);
    assertIndexAgreesWithScan();
  }

  private Call randomCall(Random rnd) {
    String ns = NAMESPACES.get(rnd.nextInt(NAMESPACES.size()));
    String name = NAMES.get(rnd.nextInt(NAMES.size()));
    boolean node = rnd.nextInt(5) == 0;
    boolean configMap = !node && rnd.nextInt(4) == 0;
    String collection = node ? "/api/v1/nodes" : configMap ? "/api/v1/namespaces/" + ns + "/configmaps" : "/api/v1/namespaces/" + ns + "/pods";
    String one = collection + "/" + name;
    String object = node ? node(name) : configMap ? configMap(name, ns) : pod(name, ns, rnd.nextInt(6) == 0);
    return switch (rnd.nextInt(10)) {
      case 0, 1 -> new Call("POST", collection, "application/json", object);
      case 2 -> new Call("PUT", one, "application/json", object);
      case 3 -> new Call("PATCH", one, "application/merge-patch+json", "{\"metadata\":{\"labels\":{\"v\":\"" + rnd.nextInt(3) + "\"}}}");
      case 4 -> new Call("PATCH", node ? one : one + "/status", "application/json-patch+json",
          "[{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"phase\":\"P" + rnd.nextInt(3) + "\"}}]");
      case 5, 6 -> new Call("GET", one, null, null);
      case 7 -> new Call("GET", collection + (rnd.nextBoolean() ? "?labelSelector=v%3D1" : ""), null, null);
      default -> new Call("DELETE", one, null, null);
    };
  }

  static String pod(String name, String ns, boolean finalizer) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + ns + "\",\"labels\":{\"v\":\"1\"}"
        + (finalizer ? ",\"finalizers\":[\"argosy.io/test\"]" : "") + "},\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"busybox\"}]}}";
  }

  static String node(String name) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"v\":\"0\"}},\"spec\":{}}";
  }

  static String configMap(String name, String ns) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + ns + "\"},\"data\":{\"k\":\"v\"}}";
  }

  private HttpResponse<String> send(KubernetesMockServer server, Call c) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + c.path()));
    if (c.contentType() != null) {
      b.header("Content-Type", c.contentType());
    }
    b.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(c.body()));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Status and body with what differs between two servers by design (uids, timestamps) blanked. */
  private String answer(KubernetesMockServer server, Call c) throws Exception {
    HttpResponse<String> r = send(server, c);
    String body = r.body();
    if (body != null && body.startsWith("{")) {
      JsonNode n = JSON.readTree(body);
      blank(n);
      body = JSON.writeValueAsString(n);
    }
    return r.statusCode() + " " + body;
  }

  private static void blank(JsonNode n) {
    if (n instanceof ObjectNode o) {
      for (String f : List.of("uid", "creationTimestamp", "deletionTimestamp")) {
        if (o.has(f)) {
          o.put(f, "-");
        }
      }
      o.elements().forEachRemaining(IndexedCrudDispatcherTest::blank);
    } else if (n != null && n.isArray()) {
      n.elements().forEachRemaining(IndexedCrudDispatcherTest::blank);
    }
  }

  private void assertIndexAgreesWithScan() {
    List<AttributeSet> queries = new ArrayList<>();
    for (String name : NAMES) {
      queries.add(index.getKey("/api/v1/nodes/" + name));
      for (String ns : NAMESPACES) {
        queries.add(index.getKey("/api/v1/namespaces/" + ns + "/pods/" + name));
        queries.add(index.getKey("/api/v1/namespaces/" + ns + "/configmaps/" + name));
      }
    }
    for (AttributeSet q : queries) {
      Map.Entry<AttributeSet, String> scanned = index.scanFind(q);
      Map.Entry<AttributeSet, String> found = index.findResource(q);
      if (scanned == null) {
        assertThat(found).as("index for %s", q).isNull();
      } else {
        assertThat(found).as("index for %s", q).isNotNull();
        assertThat(found.getKey()).isEqualTo(scanned.getKey());
        assertThat(found.getValue()).isEqualTo(scanned.getValue());
      }
    }
  }
}
