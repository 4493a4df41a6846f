package io.argosy.core.security;

import io.argosy.gpu.InvalidSpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the tokens file ({@code argosy server --tokens FILE}), YAML or JSON:
 *
 * <pre>
 * tokens:
 *   - {name: ops, role: admin, sha256: 3f1c...}
 *   - {name: team-a-ci, role: submitter, queues: [team-a], sha256: ...}
 *   - {name: dashboards, role: viewer, sha256: ...}
 *   - {name: agent-gpu-a, role: agent, cluster: gpu-a, sha256: ...}
 * </pre>
 *
 * Errors name the entry and field: {@code tokens[1].queues: a submitter needs at least one queue}.
 */
public final class TokensFile {
  private static final Set<String> FIELDS = Set.of("name", "role", "queues", "cluster", "sha256");

  private TokensFile() {}

  public static List<TokenEntry> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new InvalidSpecException("--tokens", "cannot read " + file + ": " + e.getMessage());
    }
    return parse(text);
  }

  public static List<TokenEntry> parse(String text) {
    Object root;
    try {
      LoaderOptions o = new LoaderOptions();
      o.setAllowDuplicateKeys(false);
      o.setMaxAliasesForCollections(10);
      root = new Yaml(new SafeConstructor(o)).load(text);
    } catch (YAMLException e) {
      throw new InvalidSpecException("", "not YAML or JSON: " + e.getMessage().replaceAll("\\s+", " "));
    }
    Object list = root instanceof Map<?, ?> m ? m.get("tokens") : root;
    if (!(list instanceof List<?> items)) {
      throw new InvalidSpecException("tokens", "expected a list of {name, role, sha256, queues|cluster} entries");
    }
    List<TokenEntry> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> hashes = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String at = "tokens[" + i + "]";
      if (!(items.get(i) instanceof Map<?, ?> e)) {
        throw new InvalidSpecException(at, "expected an object");
      }
      for (Object k : e.keySet()) {
        if (!FIELDS.contains(String.valueOf(k))) {
          throw new InvalidSpecException(at + "." + k, "unknown field; fields are " + FIELDS
              + (String.valueOf(k).equals("token") ? " (store the sha256 of the token, never the token)" : ""));
        }
      }
      String name = string(e, "name", at);
      if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}")) {
        throw new InvalidSpecException(at + ".name", "required: letters, digits, '.', '_', '@', '-' (at most 128)");
      }
      if (!names.add(name)) {
        throw new InvalidSpecException(at + ".name", "duplicate name " + name);
      }
      Role role = Role.parse(string(e, "role", at));
      if (role == null) {
        throw new InvalidSpecException(at + ".role", "must be admin, submitter, viewer or agent");
      }
      String hash = string(e, "sha256", at);
      if (hash == null || !hash.matches("[0-9a-fA-F]{64}")) {
        throw new InvalidSpecException(at + ".sha256", "required: the SHA-256 of the token in hex (argosy token hash)");
      }
      hash = hash.toLowerCase(java.util.Locale.ROOT);
      if (!hashes.add(hash)) {
        throw new InvalidSpecException(at + ".sha256", "the same token is listed twice");
      }
      List<String> queues = strings(e.get("queues"), at + ".queues");
      String cluster = string(e, "cluster", at);
      if (role == Role.SUBMITTER && queues.isEmpty()) {
        throw new InvalidSpecException(at + ".queues", "a submitter needs at least one queue");
      }
      if (role != Role.SUBMITTER && !queues.isEmpty()) {
        throw new InvalidSpecException(at + ".queues", "only submitters are limited to queues");
      }
      if (role == Role.AGENT && (cluster == null || cluster.isBlank())) {
        throw new InvalidSpecException(at + ".cluster", "an agent token needs its cluster");
      }
      if (role != Role.AGENT && cluster != null) {
        throw new InvalidSpecException(at + ".cluster", "only agent tokens belong to a cluster");
      }
      out.add(new TokenEntry(name, role, queues, cluster, hash));
    }
    return List.copyOf(out);
  }

  private static String string(Map<?, ?> m, String key, String at) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Map || v instanceof List) {
      throw new InvalidSpecException(at + "." + key, "must be a string");
    }
    return String.valueOf(v);
  }

  private static List<String> strings(Object v, String field) {
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> l)) {
      throw new InvalidSpecException(field, "must be a list of names");
    }
    List<String> out = new ArrayList<>();
    for (Object o : l) {
      if (o == null || o instanceof Map || o instanceof List || String.valueOf(o).isBlank()) {
        throw new InvalidSpecException(field, "must be a list of names");
      }
      out.add(String.valueOf(o));
    }
    return out;
  }

  /** The YAML of one entry, as {@code argosy token create} prints it for pasting into the file. */
  public static String entryYaml(TokenEntry e) {
    StringBuilder b = new StringBuilder("  - name: ").append(e.name()).append('\n')
        .append("    role: ").append(e.role().wire()).append('\n');
    if (!e.queues().isEmpty()) {
      b.append("    queues: [").append(String.join(", ", e.queues())).append("]\n");
    }
    if (e.cluster() != null) {
      b.append("    cluster: ").append(e.cluster()).append('\n');
    }
    return b.append("    sha256: ").append(e.sha256()).append('\n').toString();
  }
}
