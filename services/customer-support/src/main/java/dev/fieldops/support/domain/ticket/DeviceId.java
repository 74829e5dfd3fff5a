package dev.fieldops.support.domain.ticket;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.OpaqueId;
import java.util.Objects;

/**
 * The telemetry device a ticket concerns. Support does not own devices: the id is stored as the
 * caller gave it (telemetry issues UUIDs) and is not checked against telemetry.
 */
public record DeviceId(String value) {

  public DeviceId {
    Objects.requireNonNull(value, "value");
    if (!OpaqueId.isWellFormed(value)) {
      throw InvalidInputException.of("INVALID_DEVICE_ID", "device_id", OpaqueId.RULE);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
