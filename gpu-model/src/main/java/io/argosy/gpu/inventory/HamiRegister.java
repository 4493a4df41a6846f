package io.argosy.gpu.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argosy.gpu.InvalidSpecException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes HAMi's node register annotations ({@code hami.io/node-nvidia-register},
 * {@code hami.io/node-register-Ascend910B3}, Volcano's {@code volcano.sh/node-vgpu-register}). Two
 * encodings exist: the JSON list newer HAMi writes ({@code [{"id":..,"count":10,"devmem":..,
 * "devcore":100,"type":..,"numa":0,"health":true,"index":0,"mode":"hami-core"}]}) and the legacy
 * text {@code id,count,devmem,devcore,type,numa,health[,index,mode]} entries joined by ':'.
 */
final class HamiRegister {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One registered device. {@code count} is HAMi's split count. */
  record Registered(String id, int count, long devmem, int devcore, String type, int numa, boolean health, int index, String mode) {}

  private HamiRegister() {}

  static List<Registered> decode(String value, String annotation) {
    String field = "metadata.annotations[" + annotation + "]";
    String s = value == null ? "" : value.strip();
    if (s.isEmpty()) {
      throw new InvalidSpecException(field, "empty device register");
    }
    return s.startsWith("[") ? json(s, field) : text(s, field);
  }

  private static List<Registered> json(String s, String field) {
    JsonNode root;
    try {
      root = JSON.readTree(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidSpecException(field, "not valid JSON: " + e.getOriginalMessage());
    }
    if (!root.isArray()) {
      throw new InvalidSpecException(field, "expected a JSON list of devices");
    }
    List<Registered> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode d = root.get(i);
      String id = d.path("id").asText("");
      if (id.isEmpty()) {
        throw new InvalidSpecException(field, "device " + i + " has no id");
      }
      int count = d.path("count").asInt(0);
      long mem = d.path("devmem").asLong(0);
      if (count <= 0 || mem <= 0) {
        throw new InvalidSpecException(field, "device " + id + " needs a positive count and devmem");
      }
      out.add(new Registered(id, count, mem, d.path("devcore").asInt(100), d.path("type").asText(""),
          d.path("numa").asInt(0), d.path("health").asBoolean(true), d.path("index").asInt(i), d.path("mode").asText("hami-core")));
    }
    return out;
  }

  private static List<Registered> text(String s, String field) {
    List<Registered> out = new ArrayList<>();
    int i = 0;
    for (String entry : s.split(":")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] f = entry.split(",", -1);
      if (f.length != 7 && f.length != 9) {
        throw new InvalidSpecException(field, "entry '" + entry + "' has " + f.length + " fields, expected 7 or 9");
      }
      try {
        int count = Integer.parseInt(f[1].strip());
        long mem = Long.parseLong(f[2].strip());
        int core = Integer.parseInt(f[3].strip());
        int numa = Integer.parseInt(f[5].strip());
        String h = f[6].strip();
        if (!h.equalsIgnoreCase("true") && !h.equalsIgnoreCase("false")) {
          throw new NumberFormatException("health '" + h + "'");
        }
        int index = f.length == 9 ? Integer.parseInt(f[7].strip()) : i;
        String mode = f.length == 9 ? f[8].strip() : "hami-core";
        if (count <= 0 || mem <= 0) {
          throw new NumberFormatException("count and devmem must be positive");
        }
        out.add(new Registered(f[0].strip(), count, mem, core, f[4].strip(), numa, Boolean.parseBoolean(h), index, mode));
      } catch (NumberFormatException e) {
        throw new InvalidSpecException(field, "entry '" + entry + "': " + e.getMessage());
      }
      i++;
    }
    if (out.isEmpty()) {
      throw new InvalidSpecException(field, "lists no device");
    }
    return out;
  }
}
