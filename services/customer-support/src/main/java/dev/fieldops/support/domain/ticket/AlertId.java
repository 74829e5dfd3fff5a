package dev.fieldops.support.domain.ticket;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.OpaqueId;
import java.util.Objects;

/** The telemetry alert that opened a ticket automatically. Owned by telemetry, stored as given. */
public record AlertId(String value) {

  public AlertId {
    Objects.requireNonNull(value, "value");
    if (!OpaqueId.isWellFormed(value)) {
      throw InvalidInputException.of("INVALID_ALERT_ID", "alert_id", OpaqueId.RULE);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
