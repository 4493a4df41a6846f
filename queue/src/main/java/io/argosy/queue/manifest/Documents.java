package io.argosy.queue.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Splits submitted text into documents: multi-document YAML ({@code ---}), or JSON (one object,
 * several concatenated objects, or an array of objects). Empty YAML documents keep their index so
 * that errors point at the right place.
 */
final class Documents {
  /** One document: its index and its content (a map, or null when empty). */
  record Document(int index, Object content) {}

  /** Raised for text that is not YAML/JSON at all. */
  static final class SyntaxException extends RuntimeException {
    final int index;

    SyntaxException(int index, String message) {
      super(message);
      this.index = index;
    }
  }

  private final ObjectMapper json;

  Documents(ObjectMapper json) {
    this.json = json;
  }

  List<Document> split(String text) {
    String t = text.stripLeading();
    if (t.startsWith("{") || t.startsWith("[")) {
      return splitJson(text);
    }
    return splitYaml(text);
  }

  private List<Document> splitJson(String text) {
    List<Document> out = new ArrayList<>();
    try (MappingIterator<Object> it = json.readerFor(Object.class).readValues(text)) {
      while (it.hasNextValue()) {
        Object v = it.nextValue();
        if (out.size() >= MAX_DOCUMENTS) {
          throw new SyntaxException(out.size(), "more than " + MAX_DOCUMENTS + " documents in one request; send them in parts");
        }
        checkAcyclic(v, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()), -1, out.size());
        if (v instanceof List<?> list) {
          for (Object item : list) {
            out.add(new Document(out.size(), item));
          }
        } else {
          out.add(new Document(out.size(), v));
        }
      }
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      String where = l == null ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr();
      throw new SyntaxException(out.size(), "invalid JSON: " + e.getOriginalMessage() + where);
    } catch (IOException e) {
      throw new SyntaxException(out.size(), "invalid JSON: " + e.getMessage());
    }
    return out;
  }

  private List<Document> splitYaml(String text) {
    checkTokenLengths(text);
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(50);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_CODE_POINTS);
    Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
        options, new KubernetesResolver());
    List<Document> out = new ArrayList<>();
    Iterator<Object> it = yaml.loadAll(text).iterator();
    int index = 0;
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        if (index >= MAX_DOCUMENTS) {
          throw new SyntaxException(index, "more than " + MAX_DOCUMENTS + " documents in one request; send them in parts");
        }
        Object doc = it.next();
        checkAcyclic(doc, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()), 0, index);
        out.add(new Document(index, doc));
        index++;
      } catch (MarkedYAMLException e) {
        Mark m = e.getProblemMark();
        String where = m == null ? "" : " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
        throw new SyntaxException(index, "invalid YAML: " + e.getProblem() + where);
      } catch (YAMLException e) {
        throw new SyntaxException(index, "invalid YAML: " + e.getMessage());
      } catch (IllegalArgumentException | ClassCastException | IndexOutOfBoundsException e) {
        // SnakeYAML's constructors let some bad scalars through unwrapped, e.g. '!!binary' that is not base64
        throw new SyntaxException(index, "invalid YAML: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
    return out;
  }

  /**
   * Longest run of characters without white space in YAML. SnakeYAML keeps its read window from
   * the start of the token it is scanning and copies it at every 1 KiB read, so one 3 MiB word
   * costs gigabytes of copying (seconds of CPU per request). 256 KiB is Kubernetes' limit for all
   * annotations of an object together; JSON bodies have no such limit.
   */
  static final int MAX_TOKEN_CHARS = 256 * 1024;

  private static void checkTokenLengths(String text) {
    int run = 0;
    int line = 1;
    int document = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        if (text.startsWith("---", i + 1)) {
          document++;
        }
      }
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
        run = 0;
      } else if (++run > MAX_TOKEN_CHARS) {
        throw new SyntaxException(document, "invalid YAML: more than " + MAX_TOKEN_CHARS + " characters without a space"
            + " at line " + line + "; send such documents as JSON");
      }
    }
  }

  /** Documents per request (empty ones count: each costs parsing). */
  static final int MAX_DOCUMENTS = 10_000;
  /** Deepest nesting of mappings and sequences accepted; real manifests stay under 20. */
  static final int MAX_DEPTH = 100;
  /** More than the API's 4 MiB body limit, so that the body limit is what callers meet. */
  static final int MAX_CODE_POINTS = 5 * 1024 * 1024;

  /**
   * Refuses an anchor used inside itself ({@code a: &x {b: *x}}): such a document is a cycle, not a
   * tree, and could never be written back as JSON for the member cluster.
   */
  private static void checkAcyclic(Object node, java.util.Set<Object> path, int depth, int index) {
    if (!(node instanceof Map<?, ?>) && !(node instanceof List<?>)) {
      return;
    }
    if (depth > MAX_DEPTH || !path.add(node)) {
      throw new SyntaxException(index, depth > MAX_DEPTH ? "nested deeper than " + MAX_DEPTH + " levels"
          : "an anchor is used inside itself (a recursive alias)");
    }
    if (node instanceof Map<?, ?> m) {
      for (Object v : m.values()) {
        checkAcyclic(v, path, depth + 1, index);
      }
    } else {
      for (Object v : (List<?>) node) {
        checkAcyclic(v, path, depth + 1, index);
      }
    }
    path.remove(node);
  }

  /** YAML 1.1 as the API server reads it, except that timestamps stay strings (labels, annotations). */
  private static final class KubernetesResolver extends Resolver {
    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
      Tag tag = super.resolve(kind, value, implicit);
      return Tag.TIMESTAMP.equals(tag) ? Tag.STR : tag;
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }
}
