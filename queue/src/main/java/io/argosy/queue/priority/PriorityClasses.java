package io.argosy.queue.priority;

import io.argosy.gpu.InvalidSpecException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The PriorityClasses Argosy knows, with Kubernetes' rules: at most one {@code globalDefault}, a
 * job naming no class gets the default's value (0 when there is none), a job naming an unknown class
 * is rejected, and the two system classes always exist.
 */
public final class PriorityClasses {
  public static final int HIGHEST_USER_DEFINABLE = 1_000_000_000;

  private final Map<String, PriorityClassSpec> classes = new TreeMap<>();

  public PriorityClasses() {
    classes.put("system-cluster-critical",
        new PriorityClassSpec("system-cluster-critical", 2_000_000_000, false, null, "Used for system critical pods"));
    classes.put("system-node-critical",
        new PriorityClassSpec("system-node-critical", 2_000_001_000, false, null, "Used for system critical pods"));
  }

  /** Adds or replaces a class; refuses a second global default and user classes named {@code system-}. */
  public void put(PriorityClassSpec spec) {
    validate(spec);
    if (spec.globalDefault()) {
      for (PriorityClassSpec c : classes.values()) {
        if (c.globalDefault() && !c.name().equals(spec.name())) {
          throw new InvalidSpecException("globalDefault",
              "PriorityClass " + c.name() + " is already marked as default. Only one default can exist");
        }
      }
    }
    classes.put(spec.name(), spec);
  }

  /** The checks the API server makes on a user-defined class. */
  public static void validate(PriorityClassSpec spec) {
    if (spec.name().startsWith("system-")) {
      throw new InvalidSpecException("metadata.name", "priority class names with 'system-' prefix are reserved");
    }
    if (spec.value() > HIGHEST_USER_DEFINABLE) {
      throw new InvalidSpecException("value",
          "maximum allowed value of a user defined priority is " + HIGHEST_USER_DEFINABLE + ", got " + spec.value());
    }
    if (!spec.preemptionPolicy().equals(PriorityClassSpec.PREEMPT_LOWER_PRIORITY)
        && !spec.preemptionPolicy().equals(PriorityClassSpec.NEVER)) {
      throw new InvalidSpecException("preemptionPolicy",
          "Unsupported value: \"" + spec.preemptionPolicy() + "\": supported values: \"Never\", \"PreemptLowerPriority\"");
    }
  }

  public boolean remove(String name) {
    return !name.startsWith("system-") && classes.remove(name) != null;
  }

  public Optional<PriorityClassSpec> get(String name) {
    return Optional.ofNullable(classes.get(name));
  }

  public Collection<PriorityClassSpec> all() {
    return List.copyOf(classes.values());
  }

  /** The global default class, if one is marked. */
  public Optional<PriorityClassSpec> globalDefault() {
    return classes.values().stream().filter(PriorityClassSpec::globalDefault).findFirst();
  }

  /**
   * The class a job gets: the named one, or the global default when no name is given (empty when
   * there is no default, meaning priority 0).
   *
   * @param field where the name was written, for the error
   * @throws InvalidSpecException when the named class does not exist
   */
  public Optional<PriorityClassSpec> resolve(String name, String field) {
    if (name == null || name.isEmpty()) {
      return globalDefault();
    }
    PriorityClassSpec c = classes.get(name);
    if (c == null) {
      throw new InvalidSpecException(field, "no PriorityClass with name " + name + " was found");
    }
    return Optional.of(c);
  }
}
