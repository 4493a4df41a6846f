package io.argosy.gpu.inventory;

import io.argosy.gpu.InvalidSpecException;
import io.argosy.gpu.fit.DeviceGrant;
import io.argosy.gpu.fit.NodeState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * HAMi's pod allocation annotations ({@code hami.io/vgpu-devices-allocated}, and per vendor
 * {@code hami.io/<word>-devices-allocated}): per container, separated by ';', the devices it holds,
 * separated by ':', each {@code uuid,type,usedmem,usedcores}.
 */
final class HamiAllocation {
  private HamiAllocation() {}

  /** Grants per container index; devices the node does not have are skipped (stale annotations). */
  static Map<Integer, List<DeviceGrant>> grants(Map<String, String> annotations, NodeState state, String pod) {
    Map<Integer, List<DeviceGrant>> out = new TreeMap<>();
    Map<String, Integer> byId = new HashMap<>();
    for (int i = 0; i < state.deviceCount(); i++) {
      byId.put(state.device(i).id(), i);
    }
    for (Map.Entry<String, String> e : new TreeMap<>(annotations).entrySet()) {
      String key = e.getKey();
      if (!key.startsWith("hami.io/") || !key.endsWith("-devices-allocated")) {
        continue;
      }
      String field = "metadata.annotations[" + key + "]";
      String[] containers = e.getValue().split(";", -1);
      for (int c = 0; c < containers.length; c++) {
        for (String entry : containers[c].split(":")) {
          if (entry.isBlank()) {
            continue;
          }
          String[] f = entry.split(",");
          if (f.length < 4) {
            throw new InvalidSpecException(field, "entry '" + entry + "' of pod " + pod + " needs uuid,type,usedmem,usedcores");
          }
          Integer index = byId.get(f[0].strip());
          if (index == null) {
            continue;
          }
          long mem;
          int cores;
          try {
            mem = Long.parseLong(f[2].strip());
            cores = Integer.parseInt(f[3].strip());
          } catch (NumberFormatException ex) {
            throw new InvalidSpecException(field, "entry '" + entry + "' of pod " + pod + ": " + ex.getMessage());
          }
          int scaled = (int) ((long) cores * state.device(index).cores() / 100);
          out.computeIfAbsent(c, x -> new ArrayList<>()).add(new DeviceGrant(index, f[0].strip(), "hami:" + f[1].strip(),
              null, mem, scaled, cores >= 100));
        }
      }
    }
    return out;
  }
}
