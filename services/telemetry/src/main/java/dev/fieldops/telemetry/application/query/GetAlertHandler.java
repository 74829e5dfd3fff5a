package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.telemetry.application.shared.TelemetryAccess;
import dev.fieldops.telemetry.domain.alert.Alert;
import dev.fieldops.telemetry.domain.alert.AlertData;
import dev.fieldops.telemetry.domain.alert.AlertRepository;
import java.util.Objects;

public final class GetAlertHandler {

  private final AlertRepository alerts;

  public GetAlertHandler(AlertRepository alerts) {
    this.alerts = Objects.requireNonNull(alerts, "alerts");
  }

  /**
   * @throws NotFoundException {@code ALERT_NOT_FOUND}, also for an alert the caller may not see
   */
  public AlertData handle(GetAlert query) {
    var id = query.alertId();
    return TelemetryAccess.toRulesAndAlerts(query.principal())
        .flatMap(scope -> alerts.findById(id, scope))
        .map(Alert::data)
        .orElseThrow(() -> NotFoundException.of("alert", id.toString()));
  }
}
