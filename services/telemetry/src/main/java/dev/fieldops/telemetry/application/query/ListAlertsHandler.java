package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.paging.Page;
import dev.fieldops.telemetry.application.shared.TelemetryAccess;
import dev.fieldops.telemetry.domain.alert.Alert;
import dev.fieldops.telemetry.domain.alert.AlertData;
import dev.fieldops.telemetry.domain.alert.AlertRepository;
import java.util.Objects;

public final class ListAlertsHandler {

  private final AlertRepository alerts;

  public ListAlertsHandler(AlertRepository alerts) {
    this.alerts = Objects.requireNonNull(alerts, "alerts");
  }

  public Page<AlertData> handle(ListAlerts query) {
    return TelemetryAccess.toRulesAndAlerts(query.principal())
        .map(scope -> alerts.list(query.filter(), scope, query.page()).map(Alert::data))
        .orElseGet(Page::empty);
  }
}
