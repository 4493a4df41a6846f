package io.argosy.solver.packing;

import java.util.Arrays;

/**
 * The device groups of a node shape: which resource and model each group serves and where its
 * devices sit in a {@link NodeState}'s arrays. Interned per problem, so states compare layouts by
 * identity.
 */
public final class NodeLayout {

  final String[] resource;
  final String[] model;
  final int[] resourceId;
  final int[] modelId;
  final boolean[] shared;
  final long[] memoryMiB;
  final int[] unitGpu;
  final int[] offset;
  final int[] size;
  final int devices;
  final boolean anyShared;

  public NodeLayout(
      String[] resource, String[] model, int[] resourceId, int[] modelId, boolean[] shared,
      long[] memoryMiB, int[] unitGpu, int[] size) {
    this.resource = resource;
    this.model = model;
    this.resourceId = resourceId;
    this.modelId = modelId;
    this.shared = shared;
    this.memoryMiB = memoryMiB;
    this.unitGpu = unitGpu;
    this.size = size;
    this.offset = new int[size.length];
    int off = 0;
    boolean sh = false;
    for (int g = 0; g < size.length; g++) {
      offset[g] = off;
      off += size[g];
      sh |= shared[g];
    }
    this.devices = off;
    this.anyShared = sh;
  }

  public int groups() {
    return size.length;
  }

  /** Content key for interning: equal keys mean interchangeable layouts. */
  public Object key() {
    return new Key(this);
  }

  private static final class Key {
    private final NodeLayout l;
    private final int hash;

    Key(NodeLayout l) {
      this.l = l;
      int h = Arrays.hashCode(l.resourceId);
      h = 31 * h + Arrays.hashCode(l.modelId);
      h = 31 * h + Arrays.hashCode(l.shared);
      h = 31 * h + Arrays.hashCode(l.memoryMiB);
      h = 31 * h + Arrays.hashCode(l.unitGpu);
      h = 31 * h + Arrays.hashCode(l.size);
      this.hash = h;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && hash == k.hash
          && Arrays.equals(l.resourceId, k.l.resourceId)
          && Arrays.equals(l.modelId, k.l.modelId)
          && Arrays.equals(l.shared, k.l.shared)
          && Arrays.equals(l.memoryMiB, k.l.memoryMiB)
          && Arrays.equals(l.unitGpu, k.l.unitGpu)
          && Arrays.equals(l.size, k.l.size)
          && Arrays.equals(l.model, k.l.model);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
