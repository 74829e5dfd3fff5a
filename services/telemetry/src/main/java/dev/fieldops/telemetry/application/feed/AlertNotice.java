package dev.fieldops.telemetry.application.feed;

import dev.fieldops.telemetry.domain.alert.AlertData;
import dev.fieldops.telemetry.domain.alert.AlertEvent;
import java.util.List;
import java.util.Objects;

/**
 * One committed change of one alert: the alert as saved, and the transitions that led there (in
 * order; empty for a silent update such as a new peak value).
 */
public record AlertNotice(AlertData alert, List<AlertEvent> events) {

  public AlertNotice {
    Objects.requireNonNull(alert, "alert");
    events = List.copyOf(events);
  }

  /** Whether the change was only a silent update (new last or peak value). */
  public boolean isSilentUpdate() {
    return events.isEmpty();
  }
}
