package io.argosy.queue.manifest;

/**
 * A document that cannot be accepted. The message names the document (counting from 0), its kind
 * and name when known, the field path and the reason, e.g.
 * {@code document 2 (Job default/mpi): spec.tasks[1].name: duplicated task name mpiworker}.
 */
public final class ManifestException extends RuntimeException {
  private final int documentIndex;
  private final String kind;
  private final String name;
  private final String field;
  private final String reason;

  public ManifestException(int documentIndex, String kind, String name, String field, String reason) {
    super(format(documentIndex, kind, name, field, reason));
    this.documentIndex = documentIndex;
    this.kind = kind;
    this.name = name;
    this.field = field == null ? "" : field;
    this.reason = reason;
  }

  private static String format(int documentIndex, String kind, String name, String field, String reason) {
    StringBuilder b = new StringBuilder("document ").append(documentIndex);
    if (kind != null && !kind.isEmpty()) {
      b.append(" (").append(kind);
      if (name != null && !name.isEmpty()) {
        b.append(' ').append(name);
      }
      b.append(')');
    }
    b.append(": ");
    if (field != null && !field.isEmpty()) {
      b.append(field).append(": ");
    }
    return b.append(reason).toString();
  }

  /** The document's position in the file, from 0. */
  public int documentIndex() {
    return documentIndex;
  }

  /** The document's kind, or null when it could not be read. */
  public String kind() {
    return kind;
  }

  /** {@code namespace/name} (the name alone for cluster-scoped kinds), or null when unknown. */
  public String name() {
    return name;
  }

  /** The field path inside the document, empty when the document as a whole is wrong. */
  public String field() {
    return field;
  }

  public String reason() {
    return reason;
  }
}
