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
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(50);
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
        out.add(new Document(index, it.next()));
        index++;
      } catch (MarkedYAMLException e) {
        Mark m = e.getProblemMark();
        String where = m == null ? "" : " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
        throw new SyntaxException(index, "invalid YAML: " + e.getProblem() + where);
      } catch (YAMLException e) {
        throw new SyntaxException(index, "invalid YAML: " + e.getMessage());
      }
    }
    return out;
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
