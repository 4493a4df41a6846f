package io.argosy.solver.model;

import java.util.List;

/**
 * Pending demand against free capacity per accelerator type, and what the greedy left pending.
 *
 * <p>The pending set is <em>contended</em> when some type's demand exceeds what the clusters its gangs
 * may use have free. It is <em>stranded</em> when the greedy left GPU gangs pending although no type
 * is contended: the capacity is there in sum but not in the right node and device shapes. Either way
 * a global search can place more; otherwise the greedy result stands.
 *
 * @param types pressure per accelerator type
 * @param greedyPendingGpuGangs GPU-demanding gangs the greedy could not place
 */
public record ContentionReport(List<TypePressure> types, int greedyPendingGpuGangs) {

  public ContentionReport {
    types = List.copyOf(types);
  }

  /** Some accelerator type has more pending demand than free capacity. */
  public boolean contended() {
    for (TypePressure t : types) {
      if (t.contended()) {
        return true;
      }
    }
    return false;
  }

  /** No type is contended, yet the greedy left GPU gangs pending. */
  public boolean stranded() {
    return !contended() && greedyPendingGpuGangs > 0;
  }

  /** Whether the solver should run: contended or stranded. */
  public boolean solverWorthwhile() {
    return contended() || greedyPendingGpuGangs > 0;
  }

  /**
   * @param typeKey accelerator type, see {@link AcceleratorShape#typeKey()}
   * @param demandMilli pending demand in device-milli (devices × share)
   * @param freeMilli free capacity matching the type, in device-milli
   */
  public record TypePressure(String typeKey, long demandMilli, long freeMilli) {
    public boolean contended() {
      return demandMilli > freeMilli;
    }
  }
}
