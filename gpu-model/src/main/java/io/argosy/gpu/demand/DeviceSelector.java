package io.argosy.gpu.demand;

import io.argosy.gpu.catalog.Vendor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which devices a pod may use, from HAMi's pod annotations ({@code nvidia.com/use-gputype},
 * {@code nvidia.com/nouse-gputype}, {@code nvidia.com/use-gpuuuid}, {@code nvidia.com/nouse-gpuuuid}
 * and the other vendors' equivalents). Type entries match a device's model or product string as
 * HAMi does: case-insensitive substring. UUIDs match exactly. Empty lists mean no restriction.
 *
 * @param vendors the vendors whose annotations set this selector; it restricts only their devices
 *     (empty: every vendor)
 * @param useTypesUpper derived: {@code useTypes} in upper case; recomputed, whatever is passed
 * @param noUseTypesUpper derived: {@code noUseTypes} in upper case; recomputed, whatever is passed
 */
public record DeviceSelector(
    List<String> useTypes,
    List<String> noUseTypes,
    List<String> useUuids,
    List<String> noUseUuids,
    Set<Vendor> vendors,
    List<String> useTypesUpper,
    List<String> noUseTypesUpper) {

  public static final DeviceSelector ANY = new DeviceSelector(List.of(), List.of(), List.of(), List.of());

  public DeviceSelector {
    useTypes = List.copyOf(useTypes);
    noUseTypes = List.copyOf(noUseTypes);
    useUuids = List.copyOf(useUuids);
    noUseUuids = List.copyOf(noUseUuids);
    vendors = Set.copyOf(vendors);
    useTypesUpper = upper(useTypes);
    noUseTypesUpper = upper(noUseTypes);
  }

  /** The contract's constructor: applies to every vendor. */
  public DeviceSelector(List<String> useTypes, List<String> noUseTypes, List<String> useUuids, List<String> noUseUuids) {
    this(useTypes, noUseTypes, useUuids, noUseUuids, Set.of(), List.of(), List.of());
  }

  public boolean isAny() {
    return useTypes.isEmpty() && noUseTypes.isEmpty() && useUuids.isEmpty() && noUseUuids.isEmpty();
  }

  /** True when this selector restricts devices of {@code vendor}. */
  public boolean appliesTo(Vendor vendor) {
    return !isAny() && (vendors.isEmpty() || vendors.contains(vendor));
  }

  /** HAMi's check on a device's upper-cased type strings (model and product). */
  public boolean typeAllowed(String modelUpper, String productUpper) {
    if (!useTypesUpper.isEmpty()) {
      boolean any = false;
      for (int i = 0; i < useTypesUpper.size(); i++) {
        String t = useTypesUpper.get(i);
        if (modelUpper.contains(t) || productUpper.contains(t)) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    for (int i = 0; i < noUseTypesUpper.size(); i++) {
      String t = noUseTypesUpper.get(i);
      if (modelUpper.contains(t) || productUpper.contains(t)) {
        return false;
      }
    }
    return true;
  }

  /** HAMi's UUID check: an allow list wins over a deny list. */
  public boolean uuidAllowed(String deviceId) {
    if (!useUuids.isEmpty()) {
      return useUuids.contains(deviceId);
    }
    return noUseUuids.isEmpty() || !noUseUuids.contains(deviceId);
  }

  private static List<String> upper(List<String> in) {
    List<String> out = new ArrayList<>(in.size());
    for (String s : in) {
      out.add(s.toUpperCase(Locale.ROOT));
    }
    return List.copyOf(out);
  }
}
