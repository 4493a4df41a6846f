package io.argosy.queue.manifest;

import io.argosy.gpu.InvalidSpecException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read-only walk over a generic document map that knows its field path, for kinds without a
 * fabric8 model (Karmada policies) and for metadata. Absent fields read as null or empty; a value
 * of the wrong shape is an error naming its path.
 */
final class Fields {
  private final Map<String, Object> map;
  private final String path;

  private Fields(Map<String, Object> map, String path) {
    this.map = map;
    this.path = path;
  }

  static Fields root(Map<String, Object> map) {
    return new Fields(map, "");
  }

  String path() {
    return path;
  }

  String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The keys present, in document order. */
  java.util.Set<String> keys() {
    return map.keySet();
  }

  /** A value as parsed (map, list, string, number, boolean), or null. */
  Object raw(String key) {
    return map.get(key);
  }

  boolean has(String key) {
    return map.get(key) != null;
  }

  /** A nested object, or null when absent. */
  @SuppressWarnings("unchecked")
  Fields object(String key) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map)) {
      throw wrong(pathOf(key), "an object", v);
    }
    return new Fields((Map<String, Object>) v, pathOf(key));
  }

  String string(String key) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Map || v instanceof List) {
      throw wrong(pathOf(key), "a string", v);
    }
    return String.valueOf(v);
  }

  /** A required non-empty string. */
  String requiredString(String key) {
    String s = string(key);
    if (s == null || s.isEmpty()) {
      throw new InvalidSpecException(pathOf(key), "Required value");
    }
    return s;
  }

  Integer integer(String key) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Integer || v instanceof Long) {
      long l = ((Number) v).longValue();
      if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
        throw new InvalidSpecException(pathOf(key), v + " is out of range");
      }
      return (int) l;
    }
    throw wrong(pathOf(key), "an integer", v);
  }

  Long longValue(String key) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    throw wrong(pathOf(key), "an integer", v);
  }

  Boolean bool(String key) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw wrong(pathOf(key), "a boolean", v);
  }

  List<String> strings(String key) {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw wrong(pathOf(key), "a list of strings", v);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object e = list.get(i);
      if (e == null || e instanceof Map || e instanceof List) {
        throw wrong(pathOf(key) + "[" + i + "]", "a string", e);
      }
      out.add(String.valueOf(e));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  List<Fields> objects(String key) {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw wrong(pathOf(key), "a list", v);
    }
    List<Fields> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object e = list.get(i);
      if (!(e instanceof Map)) {
        throw wrong(pathOf(key) + "[" + i + "]", "an object", e);
      }
      out.add(new Fields((Map<String, Object>) e, pathOf(key) + "[" + i + "]"));
    }
    return out;
  }

  Map<String, String> stringMap(String key) {
    Fields f = object(key);
    if (f == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : f.map.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Map || v instanceof List) {
        throw wrong(f.pathOf(e.getKey()), "a string", v);
      }
      out.put(String.valueOf(e.getKey()), v == null ? "" : String.valueOf(v));
    }
    return out;
  }

  private static InvalidSpecException wrong(String path, String expected, Object got) {
    String what = got == null ? "null"
        : got instanceof Map ? "an object"
        : got instanceof List ? "a list"
        : got instanceof String s ? "\"" + s + "\""
        : String.valueOf(got);
    return new InvalidSpecException(path, "expected " + expected + ", got " + what);
  }
}
