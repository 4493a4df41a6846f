package io.argosy.queue.override;

import java.util.List;
import java.util.Map;

/**
 * Karmada's {@code overriders}, applied in Karmada's order: image, command, args, labels,
 * annotations, then plaintext JSON patches.
 */
public record Overriders(List<ImageOverrider> image, List<CommandArgsOverrider> command, List<CommandArgsOverrider> args,
    List<MetadataOverrider> labels, List<MetadataOverrider> annotations, List<PlaintextOverrider> plaintext) {

  public Overriders {
    image = image == null ? List.of() : List.copyOf(image);
    command = command == null ? List.of() : List.copyOf(command);
    args = args == null ? List.of() : List.copyOf(args);
    labels = labels == null ? List.of() : List.copyOf(labels);
    annotations = annotations == null ? List.of() : List.copyOf(annotations);
    plaintext = plaintext == null ? List.of() : List.copyOf(plaintext);
  }

  /** {@code imageOverrider[]}: one component of {@code [registry/]repository[:tag|@digest]}. */
  public record ImageOverrider(String predicatePath, Component component, Operator operator, String value) {}

  /** {@code commandOverrider[]} / {@code argsOverrider[]}: add appends the values, remove drops them. */
  public record CommandArgsOverrider(String containerName, Operator operator, List<String> value) {
    public CommandArgsOverrider {
      value = value == null ? List.of() : List.copyOf(value);
    }
  }

  /** {@code labelsOverrider[]} / {@code annotationsOverrider[]}. */
  public record MetadataOverrider(Operator operator, Map<String, String> value) {
    public MetadataOverrider {
      value = value == null ? Map.of() : Map.copyOf(value);
    }
  }

  /** {@code plaintext[]}: a JSON patch operation; {@code value} is any JSON value (null for remove). */
  public record PlaintextOverrider(String path, Operator operator, Object value) {}

  public enum Component {
    Registry,
    Repository,
    Tag
  }

  public enum Operator {
    add,
    remove,
    replace
  }
}
