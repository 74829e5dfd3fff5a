package dev.fieldops.telemetry.domain.device;

import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Every persistent field of a {@link Device}, as one immutable value: what a repository adapter
 * writes and reads back ({@link Device#rehydrate(DeviceData)}).
 *
 * @param deadbandCelsius how far the temperature must move from the last reported value before a
 *     change is reported
 * @param version starts at 1 on registration and grows by one with every change; the etag
 */
public record DeviceData(
    DeviceId id,
    CustomerId customerId,
    String displayName,
    String location,
    DeviceKind kind,
    DeviceState state,
    double deadbandCelsius,
    Instant registerTime,
    Optional<Instant> decommissionTime,
    Instant updateTime,
    long version) {

  public DeviceData {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(registerTime, "registerTime");
    Objects.requireNonNull(decommissionTime, "decommissionTime");
    Objects.requireNonNull(updateTime, "updateTime");
    if (version < 1) {
      throw new IllegalArgumentException("version starts at 1: " + version);
    }
    if ((state == DeviceState.DECOMMISSIONED) != decommissionTime.isPresent()) {
      throw new IllegalArgumentException("a decommission time goes with the DECOMMISSIONED state");
    }
  }

  /** The slice of this device that ingest and evaluation need. */
  public DeviceProfile profile() {
    return new DeviceProfile(
        id, customerId, displayName, kind, state, deadbandCelsius, registerTime, version);
  }
}
