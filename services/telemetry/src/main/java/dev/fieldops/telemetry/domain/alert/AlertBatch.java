package dev.fieldops.telemetry.domain.alert;

import dev.fieldops.telemetry.domain.device.TemperatureChanged;
import java.util.List;

/**
 * Everything one evaluation pass (an ingest batch, a silence check) decided, to be saved in one
 * transaction: alert changes and the temperature reports made from the same readings.
 */
public record AlertBatch(List<AlertChange> changes, List<TemperatureChanged> temperatureChanges) {

  public AlertBatch {
    changes = List.copyOf(changes);
    temperatureChanges = List.copyOf(temperatureChanges);
  }

  public boolean isEmpty() {
    return changes.isEmpty() && temperatureChanges.isEmpty();
  }
}
