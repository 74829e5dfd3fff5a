package dev.fieldops.support.application.event;

/**
 * Keeps the count of each customer's active telemetry alerts: a raised alert is active until it
 * clears. Escalations do not change whether an alert is active.
 */
public final class ActiveAlertsProjection {

  private final ActiveAlerts alerts;

  public ActiveAlertsProjection(ActiveAlerts alerts) {
    this.alerts = alerts;
  }

  public void apply(TelemetryAlert alert) {
    switch (alert) {
      case TelemetryAlert.Raised raised ->
          alerts.raised(raised.customerId(), raised.alertId(), raised.occurTime());
      case TelemetryAlert.Cleared cleared ->
          alerts.cleared(cleared.customerId(), cleared.alertId(), cleared.occurTime());
      case TelemetryAlert.Escalated escalated -> {}
    }
  }
}
