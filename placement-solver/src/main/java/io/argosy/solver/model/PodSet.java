package io.argosy.solver.model;

/** {@code count} identical pods of one gang (Kueue's word for it). */
public record PodSet(int count, PodShape shape) {

  public long gpuMilli() {
    return count * shape.gpuMilli();
  }
}
