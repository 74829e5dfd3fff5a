package dev.fieldops.telemetry.domain.alert;

import dev.fieldops.kernel.InvalidInputException;
import java.util.Objects;
import java.util.UUID;

/** An alert's server-assigned id (UUIDv7). */
public record AlertId(UUID value) implements Comparable<AlertId> {

  public AlertId {
    Objects.requireNonNull(value, "value");
  }

  public static AlertId parse(String text, String field) {
    try {
      if (text != null && text.length() == 36) {
        return new AlertId(UUID.fromString(text));
      }
    } catch (IllegalArgumentException notAUuid) {
      // reported below
    }
    throw InvalidInputException.of("INVALID_ALERT_ID", field, "is not an alert id");
  }

  @Override
  public int compareTo(AlertId other) {
    return value.toString().compareTo(other.value.toString());
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
