package io.argosy.gpu.fit;

import java.util.List;
import java.util.Map;

/** The devices granted to one container, plus the countable extended resources it takes. */
public record ContainerAssignment(String container, List<DeviceGrant> grants, Map<String, Long> countable) {
  public ContainerAssignment {
    grants = List.copyOf(grants);
    countable = Map.copyOf(countable);
  }
}
