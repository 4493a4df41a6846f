package io.argosy.queue.quota;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Process-wide registry of resource keys: every distinct key ({@code cpu}, {@code nvidia.com/gpu},
 * {@code nvidia.com/gpu[H100]}) gets a small int id so that usage can live in flat arrays on the
 * scheduler thread. A key is either a base resource name or a base name qualified by an accelerator
 * model in brackets, the form operators type ({@code argosy quota set Q --capability
 * nvidia.com/gpu[H100]=32}).
 *
 * <p>Registration is thread-safe (manifests are parsed on I/O threads); lookups by id read an
 * immutable snapshot.
 */
public final class ResourceKeys {
  private static final ConcurrentHashMap<String, Integer> IDS = new ConcurrentHashMap<>();
  private static volatile Entry[] entries = new Entry[0];

  private record Entry(String name, int baseId, String model) {}

  private ResourceKeys() {}

  /** The id of a key, registering it (and its base key) on first use. */
  public static int id(String key) {
    Integer id = IDS.get(key);
    return id != null ? id : register(key);
  }

  /** The id of a key if already registered, else -1 (no registration). */
  public static int find(String key) {
    Integer id = IDS.get(key);
    return id == null ? -1 : id;
  }

  private static synchronized int register(String key) {
    Integer existing = IDS.get(key);
    if (existing != null) {
      return existing;
    }
    ParsedKey parsed = parse(key);
    int baseId = parsed.model() == null ? -1 : id(parsed.base());
    Entry[] current = entries;
    int id = current.length;
    Entry[] next = Arrays.copyOf(current, id + 1);
    next[id] = new Entry(key, parsed.model() == null ? id : baseId, parsed.model());
    entries = next;
    IDS.put(key, id);
    return id;
  }

  /** Number of keys registered so far; ids are {@code 0 .. count()-1}. */
  public static int count() {
    return entries.length;
  }

  public static String name(int id) {
    return entries[id].name();
  }

  /** The id of the unqualified key ({@code nvidia.com/gpu} for {@code nvidia.com/gpu[H100]}). */
  public static int baseId(int id) {
    return entries[id].baseId();
  }

  /** The model of a qualified key, or null for a base key. */
  public static String model(int id) {
    return entries[id].model();
  }

  public static boolean isQualified(int id) {
    return entries[id].model() != null;
  }

  /** The qualified key {@code base[model]}. */
  public static String qualify(String base, String model) {
    return base + "[" + model + "]";
  }

  /**
   * Whether usage recorded under {@code usageModel} counts against a quota written for
   * {@code quotaModel}: equal ignoring case, or {@code quotaModel} is a prefix that ends at a
   * boundary that is not a digit. So {@code H100} covers {@code H100-80GB} and {@code H100NVL},
   * {@code Ascend910} covers {@code Ascend910B3}, but {@code A10} does not cover {@code A100}.
   */
  public static boolean modelCovers(String quotaModel, String usageModel) {
    if (usageModel.length() < quotaModel.length()
        || !usageModel.regionMatches(true, 0, quotaModel, 0, quotaModel.length())) {
      return false;
    }
    return usageModel.length() == quotaModel.length()
        || !Character.isDigit(usageModel.charAt(quotaModel.length()));
  }

  /** A key split into base name and optional model. */
  public record ParsedKey(String base, String model) {}

  /** Parses {@code name} or {@code name[model]}; rejects malformed brackets. */
  public static ParsedKey parse(String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("resource name must not be empty");
    }
    int open = key.indexOf('[');
    if (open < 0) {
      if (key.indexOf(']') >= 0) {
        throw new IllegalArgumentException("resource name " + key + " has ']' without '['");
      }
      return new ParsedKey(key, null);
    }
    if (!key.endsWith("]") || open == 0 || key.indexOf('[', open + 1) >= 0 || key.indexOf(']') != key.length() - 1) {
      throw new IllegalArgumentException(
          "resource name " + key + " must be written name or name[model], e.g. nvidia.com/gpu[H100]");
    }
    String model = key.substring(open + 1, key.length() - 1).trim();
    if (model.isEmpty()) {
      throw new IllegalArgumentException("resource name " + key + " has an empty model");
    }
    return new ParsedKey(key.substring(0, open), model);
  }
}
