package io.argosy.solver.problem;

/**
 * A field path such as {@code gangs[3].podSets[0].count}, built only when an error is reported:
 * validation runs on every cycle over thousands of buckets, and eager string building showed up
 * as a large share of compile time.
 */
final class FieldPath {

  private final FieldPath parent;
  private final String name;
  private final String key;

  private FieldPath(FieldPath parent, String name, String key) {
    this.parent = parent;
    this.name = name;
    this.key = key;
  }

  static FieldPath root(String name) {
    return new FieldPath(null, name, null);
  }

  static FieldPath root(String name, String key) {
    return new FieldPath(null, name, key);
  }

  static FieldPath root(String name, int index) {
    return new FieldPath(null, name, Integer.toString(index));
  }

  FieldPath field(String child) {
    return new FieldPath(this, child, null);
  }

  FieldPath index(String child, int i) {
    return new FieldPath(this, child, Integer.toString(i));
  }

  FieldPath key(String child, String k) {
    return new FieldPath(this, child, k);
  }

  /** {@code this[k]}: a further key on the same field, e.g. {@code queueQuotas[team-a][cpu]}. */
  FieldPath element(String k) {
    return new FieldPath(this, "", k);
  }

  @Override
  public String toString() {
    String self = key == null ? name : name + "[" + key + "]";
    if (parent == null) {
      return self;
    }
    return name.isEmpty() ? parent + self : parent + "." + self;
  }
}
