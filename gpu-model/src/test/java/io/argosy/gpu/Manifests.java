package io.argosy.gpu;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Test helper: YAML manifests to fabric8 objects, the way the API server would decode them. */
public final class Manifests {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Manifests() {}

  public static List<Map<String, Object>> documents(String yaml) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
      if (o instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) m;
        out.add(doc);
      }
    }
    return out;
  }

  public static List<Map<String, Object>> documents(Path file) {
    try {
      return documents(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Pod pod(String yaml) {
    return MAPPER.convertValue(documents(yaml).get(0), Pod.class);
  }

  public static Node node(String yaml) {
    return MAPPER.convertValue(documents(yaml).get(0), Node.class);
  }

  public static <T> T convert(Object map, Class<T> type) {
    return MAPPER.convertValue(map, type);
  }

  public static PodSpec podSpec(Object map) {
    return MAPPER.convertValue(map, PodSpec.class);
  }

  /** A pod with one container whose limits are given as YAML flow text, e.g. {@code "nvidia.com/gpu: 1"}. */
  public static Pod podWithLimits(String limitsYaml) {
    return pod("""
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: c
            image: i
            resources:
              limits: {%s}
        """.formatted(limitsYaml));
  }

  public static Path shared() {
    String s = System.getProperty("argosy.shared");
    if (s == null) {
      throw new IllegalStateException("system property argosy.shared is not set (surefire sets it)");
    }
    return Path.of(s);
  }
}
