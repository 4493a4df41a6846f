package io.argosy.gpu.catalog;

import io.argosy.gpu.InvalidSpecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The accelerator models Argosy knows: the shipped {@code catalog.yaml} plus an admin's overlay.
 * Immutable and thread-safe; look-ups here are for parsing and inventory, never for the fit hot path.
 */
public final class Catalog {
  private static final Catalog BUILTIN = load();

  private final List<AcceleratorModel> models;
  private final Map<String, AcceleratorModel> byKey;

  private Catalog(List<AcceleratorModel> models) {
    this.models = List.copyOf(models);
    Map<String, AcceleratorModel> keys = new HashMap<>();
    for (AcceleratorModel m : this.models) {
      keys.put(ProductNames.normalize(m.name()), m);
    }
    for (AcceleratorModel m : this.models) {
      for (String alias : m.aliases()) {
        keys.putIfAbsent(ProductNames.normalize(alias), m);
      }
    }
    this.byKey = Map.copyOf(keys);
  }

  /** The catalog shipped in {@code gpu-model/src/main/resources/catalog.yaml}. */
  public static Catalog builtin() {
    return BUILTIN;
  }

  /** A catalog from models, validated as an admin's would be. */
  public static Catalog of(List<AcceleratorModel> models) {
    for (int i = 0; i < models.size(); i++) {
      CatalogYaml.validate(models.get(i), "models[" + i + "]");
    }
    return new Catalog(models);
  }

  /**
   * This catalog with an admin's YAML (same schema as catalog.yaml) applied: an entry whose name
   * exists replaces it, a new name is added. Errors name the entry, e.g. {@code models[2].memoryMiB}.
   */
  public Catalog withOverlay(Reader adminYaml) {
    List<AcceleratorModel> extra = CatalogYaml.read(adminYaml, "admin catalog");
    Map<String, AcceleratorModel> merged = new LinkedHashMap<>();
    for (AcceleratorModel m : models) {
      merged.put(m.name().toUpperCase(Locale.ROOT), m);
    }
    for (AcceleratorModel m : extra) {
      merged.put(m.name().toUpperCase(Locale.ROOT), m);
    }
    return new Catalog(new ArrayList<>(merged.values()));
  }

  public List<AcceleratorModel> models() {
    return models;
  }

  /** The model with this canonical name or alias (case-insensitive). */
  public Optional<AcceleratorModel> byName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(byKey.get(ProductNames.normalize(name)));
  }

  /**
   * The model behind a product string a device plugin published: GFD {@code nvidia.com/gpu.product},
   * a HAMi register type, an Ascend chip name. Exact name or alias first; then the model family as a
   * whole '-'-separated token ({@code A100} in {@code A100-SXM4-80GB}) with the memory size token
   * when the family has several sizes.
   */
  public Optional<AcceleratorModel> resolveProduct(String productString) {
    String p = ProductNames.normalize(productString);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    AcceleratorModel exact = byKey.get(p);
    if (exact != null) {
      return Optional.of(exact);
    }
    AcceleratorModel best = null;
    int bestScore = 0;
    boolean tie = false;
    for (AcceleratorModel m : models) {
      String name = ProductNames.normalize(m.name());
      String family = family(name);
      String size = name.length() > family.length() ? name.substring(family.length() + 1) : "";
      if (!ProductNames.containsToken(p, family)) {
        continue;
      }
      int score;
      if (!size.isEmpty() && ProductNames.containsToken(p, size)) {
        score = 3;
      } else if (size.isEmpty() || familySize(family) == 1) {
        score = 2;
      } else {
        continue;
      }
      score = score * 100 + family.length();
      if (score > bestScore) {
        best = m;
        bestScore = score;
        tie = false;
      } else if (score == bestScore) {
        tie = true;
      }
    }
    return tie ? Optional.empty() : Optional.ofNullable(best);
  }

  /** Models of one vendor. */
  public List<AcceleratorModel> modelsOf(Vendor vendor) {
    List<AcceleratorModel> out = new ArrayList<>();
    for (AcceleratorModel m : models) {
      if (m.vendor() == vendor) {
        out.add(m);
      }
    }
    return out;
  }

  /** Models of a vendor having a partition profile of this name (MIG profile, vNPU, MIM). */
  public List<AcceleratorModel> modelsWithPartition(Vendor vendor, String profile) {
    List<AcceleratorModel> out = new ArrayList<>();
    for (AcceleratorModel m : models) {
      if (m.vendor() == vendor && m.partition(profile).isPresent()) {
        out.add(m);
      }
    }
    return out;
  }

  /**
   * HAMi's type matching: true when {@code type} is a case-insensitive substring of the model's name
   * or of one of its aliases, e.g. {@code A100} matches {@code A100-80GB}.
   */
  public static boolean typeMatches(AcceleratorModel m, String type) {
    String t = type.strip().toUpperCase(Locale.ROOT);
    if (t.isEmpty()) {
      return false;
    }
    if (m.name().toUpperCase(Locale.ROOT).contains(t)) {
      return true;
    }
    for (String a : m.aliases()) {
      if (a.toUpperCase(Locale.ROOT).contains(t)) {
        return true;
      }
    }
    return false;
  }

  private int familySize(String family) {
    int n = 0;
    for (AcceleratorModel m : models) {
      if (family(ProductNames.normalize(m.name())).equals(family)) {
        n++;
      }
    }
    return n;
  }

  /** {@code A100-80GB} → {@code A100}; {@code BI-V150} → {@code BI-V150} (no size suffix). */
  private static String family(String normalizedName) {
    int dash = normalizedName.lastIndexOf('-');
    if (dash > 0) {
      String tail = normalizedName.substring(dash + 1);
      if (tail.endsWith("GB") && tail.length() > 2 && Character.isDigit(tail.charAt(0))) {
        return normalizedName.substring(0, dash);
      }
    }
    return normalizedName;
  }

  private static Catalog load() {
    try (InputStream in = Catalog.class.getResourceAsStream("/catalog.yaml")) {
      if (in == null) {
        throw new IllegalStateException("catalog.yaml missing from the gpu-model jar");
      }
      return new Catalog(CatalogYaml.read(new InputStreamReader(in, StandardCharsets.UTF_8), "catalog.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InvalidSpecException e) {
      throw new IllegalStateException("shipped catalog.yaml is invalid: " + e.getMessage(), e);
    }
  }
}
