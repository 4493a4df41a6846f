package io.argosy.core.fuzz;

import io.argosy.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Seeded mutations of manifests: values replaced by hostile ones (huge and non-finite numbers,
 * invalid quantities, odd unicode, wrong types, deep nesting), keys dropped, and the text itself
 * cut, duplicated or sprinkled with bytes. The same seed gives the same cases.
 */
final class Mutator {
  /** Values the parsers must refuse or survive; quantities, counts and names all get every one. */
  static final List<Object> NASTY = List.of(
      Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE, 2147483648L, -1, 0, 9007199254740993L,
      1e308, -1e308, Double.NaN, Double.POSITIVE_INFINITY, 1e-320,
      "1e999999999", "1e-999999999", "9e18", "99999999999999999999999999999999Ei", "1Ei", "8Ei", "-1", "-0", "0.0000001m",
      "1.5.5", "Gi", "", " ", "1 Gi", "10%", "0x10", "+5", "1e", ".5", "5.", "NaN", "Infinity", "1_000", "٣", "１",
      "名前", "💥💥", "\u202eevil", "a\u200bb", "a\u0000b", "\u0001", "../../etc/passwd", "${jndi:ldap://x/a}", "<script>",
      "a".repeat(70_000), true, false, List.of(), Map.of(), List.of(List.of(List.of())), Map.of("a", Map.of("b", 1)));

  private final Random random;

  Mutator(long seed) {
    this.random = new Random(seed);
  }

  Random random() {
    return random;
  }

  /** One mutated variant of a (multi-document) YAML text. */
  String mutate(String yaml) {
    return switch (random.nextInt(10)) {
      case 0 -> textMutation(yaml);
      case 1 -> Json.write(treeMutations(load(yaml)));
      default -> dump(treeMutations(load(yaml)));
    };
  }

  private List<Object> treeMutations(List<Object> docs) {
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n && !docs.isEmpty(); i++) {
      int d = random.nextInt(docs.size());
      docs.set(d, mutateNode(docs.get(d), 0));
    }
    return docs;
  }

  @SuppressWarnings("unchecked")
  private Object mutateNode(Object node, int depth) {
    boolean descend = (node instanceof Map<?, ?> m && !m.isEmpty() || node instanceof List<?> l && !l.isEmpty())
        && random.nextInt(10) < 8 && depth < 40;
    if (!descend) {
      return replacement(node);
    }
    if (node instanceof Map<?, ?> m) {
      Map<Object, Object> copy = new LinkedHashMap<>((Map<Object, Object>) m);
      List<Object> keys = new ArrayList<>(copy.keySet());
      Object key = keys.get(random.nextInt(keys.size()));
      int what = random.nextInt(12);
      if (what == 0) {
        copy.remove(key);
      } else if (what == 1) {
        copy.put(NASTY.get(random.nextInt(NASTY.size())) + "", copy.get(key));
      } else {
        copy.put(key, mutateNode(copy.get(key), depth + 1));
      }
      return copy;
    }
    List<Object> copy = new ArrayList<>((List<Object>) node);
    int i = random.nextInt(copy.size());
    switch (random.nextInt(8)) {
      case 0 -> copy.remove(i);
      case 1 -> {
        int times = 1 + random.nextInt(50);
        for (int k = 0; k < times; k++) {
          copy.add(copy.get(i));
        }
      }
      default -> copy.set(i, mutateNode(copy.get(i), depth + 1));
    }
    return copy;
  }

  private Object replacement(Object old) {
    return switch (random.nextInt(12)) {
      case 0 -> deep(1 + random.nextInt(300));
      case 1 -> old instanceof Number n ? n.longValue() * -1 : null;
      case 2 -> old == null ? "x" : String.valueOf(old) + NASTY.get(random.nextInt(NASTY.size()));
      default -> NASTY.get(random.nextInt(NASTY.size()));
    };
  }

  /** A value nested {@code depth} levels deep, alternating maps and lists. */
  static Object deep(int depth) {
    Object v = "bottom";
    for (int i = 0; i < depth; i++) {
      v = i % 2 == 0 ? Map.of("k", v) : List.of(v);
    }
    return v;
  }

  private String textMutation(String text) {
    if (text.isEmpty()) {
      return "\u0000";
    }
    int at = random.nextInt(text.length());
    return switch (random.nextInt(6)) {
      case 0 -> text.substring(0, at);
      case 1 -> text.substring(0, at) + text.substring(at).replaceFirst("\n", "\n  ");
      case 2 -> text.substring(0, at) + (char) random.nextInt(0x3000) + text.substring(at);
      case 3 -> text.substring(0, at) + "&a *a [*a, *a] {" + text.substring(at);
      case 4 -> text.substring(0, at) + text.substring(0, at) + text.substring(at);
      default -> text.replace(":", random.nextBoolean() ? "::" : ": !!binary ");
    };
  }

  static List<Object> load(String yaml) {
    LoaderOptions o = new LoaderOptions();
    o.setMaxAliasesForCollections(100);
    List<Object> out = new ArrayList<>();
    for (Object d : new Yaml(new SafeConstructor(o)).loadAll(yaml)) {
      if (d != null) {
        out.add(d);
      }
    }
    return out;
  }

  static String dump(List<Object> docs) {
    StringBuilder b = new StringBuilder();
    for (Object d : docs) {
      b.append("---\n").append(new Yaml().dump(d));
    }
    return b.toString();
  }
}
