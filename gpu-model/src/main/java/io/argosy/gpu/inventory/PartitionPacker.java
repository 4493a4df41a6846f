package io.argosy.gpu.inventory;

import io.argosy.gpu.catalog.AcceleratorModel;
import io.argosy.gpu.catalog.PartitionProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Places the partition instances a node publishes (MIG mixed counts, static vNPUs, MIM) onto the
 * physical devices they must live on. A node reports only totals per profile; with a named layout
 * (mig-parted's {@code all-balanced}) every device carries that layout, otherwise instances are
 * packed first-fit by decreasing size within each device's compute and memory slices.
 */
final class PartitionPacker {
  /** One profile's size on one device. */
  record Size(String profile, int computeSlices, int memorySlices, long memoryMiB, int maxPerDevice) {}

  private PartitionPacker() {}

  /** Returns, per device, the profiles it holds (in placement order). */
  static List<List<Size>> pack(Map<String, Long> counts, AcceleratorModel model, List<String> layout, int deviceSlices, int deviceMemorySlices) {
    return pack(counts, model, layout, deviceSlices, deviceMemorySlices, 0);
  }

  /** As above, with {@code knownDevices} (0: unknown) devices known to carry the instances. */
  static List<List<Size>> pack(Map<String, Long> counts, AcceleratorModel model, List<String> layout, int deviceSlices,
      int deviceMemorySlices, long knownDevices) {
    Map<String, Size> sizes = new LinkedHashMap<>();
    for (String p : counts.keySet()) {
      sizes.put(p, size(p, model));
    }
    if (layout != null && !layout.isEmpty() && layout.containsAll(counts.keySet())) {
      return byLayout(counts, sizes, layout);
    }
    List<Size> instances = new ArrayList<>();
    counts.forEach((p, n) -> {
      for (long i = 0; i < n; i++) {
        instances.add(sizes.get(p));
      }
    });
    instances.sort(Comparator.comparingInt(Size::computeSlices).reversed().thenComparing(Size::profile));
    List<List<Size>> devices = new ArrayList<>();
    List<int[]> used = new ArrayList<>(); // compute, memory
    for (long d = 0; d < Math.min(knownDevices, instances.size()); d++) {
      devices.add(new ArrayList<>());
      used.add(new int[2]);
    }
    for (Size s : instances) {
      int target = -1;
      for (int d = 0; d < devices.size(); d++) {
        int[] u = used.get(d);
        long same = devices.get(d).stream().filter(x -> x.profile().equals(s.profile())).count();
        boolean fits = u[0] + s.computeSlices() <= deviceSlices
            && (deviceMemorySlices == 0 || u[1] + s.memorySlices() <= deviceMemorySlices)
            && same < s.maxPerDevice();
        if (fits && (target < 0 || (knownDevices > 0 && u[0] < used.get(target)[0]))) {
          target = d;
          if (knownDevices == 0) {
            break;
          }
        }
      }
      if (target < 0) {
        devices.add(new ArrayList<>());
        used.add(new int[2]);
        target = devices.size() - 1;
      }
      devices.get(target).add(s);
      used.get(target)[0] += s.computeSlices();
      used.get(target)[1] += s.memorySlices();
    }
    return devices;
  }

  private static List<List<Size>> byLayout(Map<String, Long> counts, Map<String, Size> sizes, List<String> layout) {
    Map<String, Integer> perDevice = new HashMap<>();
    for (String p : layout) {
      perDevice.merge(p, 1, Integer::sum);
    }
    long n = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      int k = perDevice.get(e.getKey());
      n = Math.max(n, (e.getValue() + k - 1) / k);
    }
    Map<String, Long> left = new HashMap<>(counts);
    List<List<Size>> devices = new ArrayList<>();
    for (long d = 0; d < n; d++) {
      List<Size> dev = new ArrayList<>();
      for (String p : layout) {
        Long l = left.get(p);
        if (l != null && l > 0) {
          dev.add(sizes.get(p));
          left.put(p, l - 1);
        }
      }
      devices.add(dev);
    }
    return devices;
  }

  /** Size from the catalog, else from a MIG-style name {@code <g>g.<mem>gb} / {@code <n>c}. */
  static Size size(String profile, AcceleratorModel model) {
    if (model != null) {
      PartitionProfile p = model.partition(profile).orElse(null);
      if (p != null) {
        return new Size(p.name(), p.computeSlices(), p.memorySlices(), p.memoryMiB(), p.maxPerDevice());
      }
    }
    int g = leadingNumber(profile);
    long mem = 0;
    int dot = profile.indexOf('.');
    if (dot > 0 && profile.endsWith("gb")) {
      mem = leadingNumber(profile.substring(dot + 1)) * 1024L;
    }
    return new Size(profile, Math.max(1, g), 0, mem, Integer.MAX_VALUE);
  }

  private static int leadingNumber(String s) {
    int i = 0;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    return i == 0 ? 0 : Integer.parseInt(s.substring(0, i));
  }
}
