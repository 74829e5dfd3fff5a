package dev.fieldops.telemetry.domain.device;

import dev.fieldops.kernel.InvalidInputException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A device's server-assigned id (a UUIDv7, so ids sort by registration time). */
public record DeviceId(UUID value) implements Comparable<DeviceId> {

  public DeviceId {
    Objects.requireNonNull(value, "value");
  }

  /** Parses an id a client sent in {@code field}; a malformed one is invalid input. */
  public static DeviceId parse(String text, String field) {
    return tryParse(text)
        .orElseThrow(
            () -> InvalidInputException.of("INVALID_DEVICE_ID", field, "is not a device id"));
  }

  /** Parses an id, or empty when the text is not a UUID (such a device cannot exist). */
  public static Optional<DeviceId> tryParse(String text) {
    if (text == null || text.length() != 36) {
      return Optional.empty();
    }
    try {
      return Optional.of(new DeviceId(UUID.fromString(text)));
    } catch (IllegalArgumentException notAUuid) {
      return Optional.empty();
    }
  }

  /**
   * The order of the ids' text, which is PostgreSQL's order of uuids (unsigned, byte by byte),
   * computed without formatting them: evaluation passes sort their devices by it.
   */
  @Override
  public int compareTo(DeviceId other) {
    int high =
        Long.compareUnsigned(value.getMostSignificantBits(), other.value.getMostSignificantBits());
    return high != 0
        ? high
        : Long.compareUnsigned(
            value.getLeastSignificantBits(), other.value.getLeastSignificantBits());
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
