package dev.fieldops.telemetry.domain.device;

import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Instant;
import java.util.Objects;

/**
 * The immutable slice of a device that the hot ingest path needs: whose it is, what people call it
 * (for the summaries of its alerts), whether it may report, and its deadband. Small and immutable
 * so that a {@link DeviceDirectory} can cache it and share it between threads. Its {@code version}
 * is the device's: an evaluation pass compares it with the stored one to tell a stale cached
 * profile.
 */
public record DeviceProfile(
    DeviceId id,
    CustomerId customerId,
    String displayName,
    DeviceKind kind,
    DeviceState state,
    double deadbandCelsius,
    Instant registerTime,
    long version) {

  public DeviceProfile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(registerTime, "registerTime");
  }

  public boolean isActive() {
    return state == DeviceState.ACTIVE;
  }
}
