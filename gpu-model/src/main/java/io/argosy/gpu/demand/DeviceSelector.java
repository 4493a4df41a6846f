package io.argosy.gpu.demand;

import java.util.List;

/**
 * Which devices a pod may use, from HAMi's pod annotations ({@code nvidia.com/use-gputype},
 * {@code nvidia.com/nouse-gputype}, {@code nvidia.com/use-gpuuuid}, {@code nvidia.com/nouse-gpuuuid}
 * and the other vendors' equivalents). Type entries match a device's model or product string as
 * HAMi does: case-insensitive substring. Empty lists mean no restriction.
 */
public record DeviceSelector(
    List<String> useTypes, List<String> noUseTypes, List<String> useUuids, List<String> noUseUuids) {

  public static final DeviceSelector ANY = new DeviceSelector(List.of(), List.of(), List.of(), List.of());

  public DeviceSelector {
    useTypes = List.copyOf(useTypes);
    noUseTypes = List.copyOf(noUseTypes);
    useUuids = List.copyOf(useUuids);
    noUseUuids = List.copyOf(noUseUuids);
  }

  public boolean isAny() {
    return useTypes.isEmpty() && noUseTypes.isEmpty() && useUuids.isEmpty() && noUseUuids.isEmpty();
  }
}
