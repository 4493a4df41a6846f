package io.argosy.fhpa.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.argosy.gpu.InvalidSpecException;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** A JSON/YAML object with the path it sits at, so every error names the field (e.g. {@code spec.metrics[1].resource.name}). */
record Node(JsonNode json, String path) {

  static Node root(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new InvalidSpecException("", "document is not an object");
    }
    return new Node(json, "");
  }

  String pathOf(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  boolean has(String name) {
    JsonNode v = json.get(name);
    return v != null && !v.isNull();
  }

  Node object(String name) {
    JsonNode v = json.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw new InvalidSpecException(pathOf(name), "must be an object");
    }
    return new Node(v, pathOf(name));
  }

  Node requiredObject(String name) {
    Node n = object(name);
    if (n == null) {
      throw new InvalidSpecException(pathOf(name), "Required value");
    }
    return n;
  }

  /** The list's entries as objects, empty when absent; {@code null} entries are rejected. */
  List<Node> objects(String name) {
    JsonNode v = json.get(name);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new InvalidSpecException(pathOf(name), "must be a list");
    }
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      String p = pathOf(name) + "[" + i + "]";
      if (!v.get(i).isObject()) {
        throw new InvalidSpecException(p, "must be an object");
      }
      out.add(new Node(v.get(i), p));
    }
    return out;
  }

  boolean isList(String name) {
    JsonNode v = json.get(name);
    return v != null && v.isArray();
  }

  String string(String name) {
    JsonNode v = json.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new InvalidSpecException(pathOf(name), "must be a string");
    }
    return v.asText();
  }

  String requiredString(String name) {
    String s = string(name);
    if (s == null || s.isEmpty()) {
      throw new InvalidSpecException(pathOf(name), "Required value");
    }
    return s;
  }

  Integer integer(String name) {
    JsonNode v = json.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) { // YAML authors quote numbers; Kubernetes rejects them, so does Argosy
      throw new InvalidSpecException(pathOf(name), "must be an integer, not the string '" + v.asText() + "'");
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new InvalidSpecException(pathOf(name), "must be a 32-bit integer");
    }
    return v.intValue();
  }

  int integer(String name, int dflt) {
    Integer i = integer(name);
    return i == null ? dflt : i;
  }

  Boolean bool(String name) {
    JsonNode v = json.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw new InvalidSpecException(pathOf(name), "must be true or false");
    }
    return v.booleanValue();
  }

  /** A Kubernetes quantity ({@code 500m}, {@code 1k}, {@code 2Gi}, {@code 10}) in milli-units, as the HPA compares them. */
  Long milliQuantity(String name) {
    JsonNode v = json.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    String text = v.isNumber() ? v.numberValue().toString() : v.isTextual() ? v.asText() : null;
    if (text == null || text.isBlank()) {
      throw new InvalidSpecException(pathOf(name), "must be a quantity");
    }
    try {
      BigDecimal d = new Quantity(text).getNumericalAmount();
      return d.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
    } catch (RuntimeException e) {
      throw new InvalidSpecException(pathOf(name), "'" + text + "' is not a quantity");
    }
  }
}
