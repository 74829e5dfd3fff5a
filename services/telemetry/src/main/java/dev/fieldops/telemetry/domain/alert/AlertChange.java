package dev.fieldops.telemetry.domain.alert;

import java.util.List;
import java.util.Objects;

/**
 * One alert's change to save: its new data, the version the store must still hold for the save to
 * succeed (0: the alert is new, insert it), and the events to write to the outbox with it.
 */
public record AlertChange(AlertData alert, long expectedVersion, List<AlertEvent> events) {

  public AlertChange {
    Objects.requireNonNull(alert, "alert");
    events = List.copyOf(events);
    if (expectedVersion < 0 || expectedVersion >= alert.version()) {
      throw new IllegalArgumentException(
          "a change moves the alert from version " + expectedVersion + " to " + alert.version());
    }
  }

  public boolean isNew() {
    return expectedVersion == 0;
  }
}
