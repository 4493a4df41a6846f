package io.argosy.gpu.catalog;

import io.argosy.gpu.InvalidSpecException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads and validates the catalog YAML schema (see catalog.yaml for the field list). */
final class CatalogYaml {
  private CatalogYaml() {}

  static List<AcceleratorModel> read(Reader reader, String source) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    } catch (YAMLException e) {
      throw new InvalidSpecException(source, "not valid YAML: " + firstLine(e.getMessage()));
    }
    if (root == null) {
      return List.of();
    }
    if (!(root instanceof Map<?, ?> top) || !(top.get("models") instanceof List<?> list)) {
      throw new InvalidSpecException("models", "expected a top-level 'models' list");
    }
    List<AcceleratorModel> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "models[" + i + "]";
      AcceleratorModel m = model(list.get(i), path);
      if (!names.add(m.name().toUpperCase(Locale.ROOT))) {
        throw new InvalidSpecException(path + ".name", "'" + m.name() + "' appears twice");
      }
      validate(m, path);
      out.add(m);
    }
    return out;
  }

  private static AcceleratorModel model(Object o, String path) {
    if (!(o instanceof Map<?, ?> map)) {
      throw new InvalidSpecException(path, "expected a mapping");
    }
    String name = string(map, "name", path, true);
    String vendorText = string(map, "vendor", path, true);
    Vendor vendor;
    try {
      vendor = Vendor.valueOf(vendorText.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(path + ".vendor", "'" + vendorText + "' is not one of " + List.of(Vendor.values()));
    }
    long memory = number(map, "memoryMiB", path, -1);
    int units = (int) number(map, "computeUnits", path, 0);
    int cSlices = (int) number(map, "computeSlices", path, 0);
    int mSlices = (int) number(map, "memorySlices", path, 0);
    List<String> aliases = strings(map.get("aliases"), path + ".aliases");
    List<PartitionProfile> partitions = new ArrayList<>();
    Object parts = map.get("partitions");
    if (parts != null) {
      if (!(parts instanceof List<?> pl)) {
        throw new InvalidSpecException(path + ".partitions", "expected a list");
      }
      for (int j = 0; j < pl.size(); j++) {
        String pp = path + ".partitions[" + j + "]";
        if (!(pl.get(j) instanceof Map<?, ?> pm)) {
          throw new InvalidSpecException(pp, "expected a mapping");
        }
        String pname = string(pm, "name", pp, true);
        String template = string(pm, "template", pp, false);
        partitions.add(new PartitionProfile(
            pname,
            template == null ? pname : template,
            (int) number(pm, "computeSlices", pp, 0),
            (int) number(pm, "memorySlices", pp, 0),
            number(pm, "memoryMiB", pp, -1),
            (int) number(pm, "maxPerDevice", pp, 1)));
      }
    }
    Map<String, List<String>> layouts = new LinkedHashMap<>();
    Object lo = map.get("layouts");
    if (lo != null) {
      if (!(lo instanceof Map<?, ?> lm)) {
        throw new InvalidSpecException(path + ".layouts", "expected a mapping of layout name to profiles");
      }
      for (Map.Entry<?, ?> e : lm.entrySet()) {
        String lname = String.valueOf(e.getKey());
        layouts.put(lname, strings(e.getValue(), path + ".layouts[" + lname + "]"));
      }
    }
    return new AcceleratorModel(name, vendor, memory, units, cSlices, mSlices, aliases, partitions, layouts);
  }

  /** Checks one model; the shipped catalog and admin overlays go through the same rules. */
  static void validate(AcceleratorModel m, String path) {
    if (m.name() == null || m.name().isBlank()) {
      throw new InvalidSpecException(path + ".name", "missing");
    }
    if (m.vendor() == null || m.vendor() == Vendor.OTHER) {
      throw new InvalidSpecException(path + ".vendor", "must be an accelerator vendor");
    }
    if (m.memoryMiB() <= 0) {
      throw new InvalidSpecException(path + ".memoryMiB", "must be positive");
    }
    if (m.computeUnits() < 0 || m.computeSlices() < 0 || m.memorySlices() < 0) {
      throw new InvalidSpecException(path, "compute units and slices must not be negative");
    }
    Map<String, PartitionProfile> profiles = new HashMap<>();
    for (int j = 0; j < m.partitions().size(); j++) {
      PartitionProfile p = m.partitions().get(j);
      String pp = path + ".partitions[" + j + "]";
      if (profiles.put(p.name(), p) != null) {
        throw new InvalidSpecException(pp + ".name", "'" + p.name() + "' appears twice");
      }
      if (p.memoryMiB() <= 0 || p.memoryMiB() > m.memoryMiB()) {
        throw new InvalidSpecException(pp + ".memoryMiB", p.memoryMiB() + " must be in 1.." + m.memoryMiB());
      }
      if (p.computeSlices() <= 0 || p.computeSlices() > m.computeSlices()) {
        throw new InvalidSpecException(pp + ".computeSlices", p.computeSlices() + " must be in 1.." + m.computeSlices());
      }
      if (p.memorySlices() < 0 || p.memorySlices() > m.memorySlices()) {
        throw new InvalidSpecException(pp + ".memorySlices", p.memorySlices() + " must be in 0.." + m.memorySlices());
      }
      if (p.maxPerDevice() < 1) {
        throw new InvalidSpecException(pp + ".maxPerDevice", "must be at least 1");
      }
    }
    for (Map.Entry<String, List<String>> e : m.layouts().entrySet()) {
      String lp = path + ".layouts[" + e.getKey() + "]";
      int compute = 0;
      int memory = 0;
      Map<String, Integer> counts = new HashMap<>();
      for (String profile : e.getValue()) {
        PartitionProfile p = profiles.get(profile);
        if (p == null) {
          throw new InvalidSpecException(lp, "profile '" + profile + "' is not a partition of " + m.name());
        }
        compute += p.computeSlices();
        memory += p.memorySlices();
        int n = counts.merge(profile, 1, Integer::sum);
        if (n > p.maxPerDevice()) {
          throw new InvalidSpecException(lp, "more than " + p.maxPerDevice() + " x " + profile);
        }
      }
      if (compute > m.computeSlices()) {
        throw new InvalidSpecException(lp, "needs " + compute + " compute slices, " + m.name() + " has " + m.computeSlices());
      }
      if (memory > m.memorySlices()) {
        throw new InvalidSpecException(lp, "needs " + memory + " memory slices, " + m.name() + " has " + m.memorySlices());
      }
    }
  }

  private static String string(Map<?, ?> map, String key, String path, boolean required) {
    Object v = map.get(key);
    if (v == null) {
      if (required) {
        throw new InvalidSpecException(path + "." + key, "missing");
      }
      return null;
    }
    if (v instanceof Map || v instanceof List) {
      throw new InvalidSpecException(path + "." + key, "expected a string");
    }
    return String.valueOf(v);
  }

  private static long number(Map<?, ?> map, String key, String path, long dflt) {
    Object v = map.get(key);
    if (v == null) {
      if (dflt < 0) {
        throw new InvalidSpecException(path + "." + key, "missing");
      }
      return dflt;
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    try {
      return Long.parseLong(String.valueOf(v).strip());
    } catch (NumberFormatException e) {
      throw new InvalidSpecException(path + "." + key, "'" + v + "' is not a whole number");
    }
  }

  private static List<String> strings(Object v, String path) {
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> l)) {
      throw new InvalidSpecException(path, "expected a list");
    }
    List<String> out = new ArrayList<>();
    for (Object o : l) {
      if (o == null || o instanceof Map || o instanceof List) {
        throw new InvalidSpecException(path, "expected a list of strings");
      }
      out.add(String.valueOf(o));
    }
    return out;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
