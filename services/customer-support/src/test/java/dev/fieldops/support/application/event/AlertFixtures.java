package dev.fieldops.support.application.event;

import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.ticket.AlertId;
import dev.fieldops.support.domain.ticket.DeviceId;
import java.time.Instant;
import java.util.OptionalDouble;

/** Telemetry alerts as support's consumers hand them to the application. */
final class AlertFixtures {

  static final CustomerId ACME = CustomerId.of("acme-cold-storage");
  static final DeviceId FREEZER = new DeviceId("0190d7a2-0000-7000-8000-000000000042");
  static final Instant RAISED_AT = Instant.parse("2026-03-02T08:59:00Z");

  private AlertFixtures() {}

  static TelemetryAlert.Raised raised(String alert, AlertSeverity severity) {
    return new TelemetryAlert.Raised(
        new AlertId(alert),
        ACME,
        FREEZER,
        "rule-freezer-too-warm",
        severity,
        ReadingMetric.TEMPERATURE_CELSIUS,
        OptionalDouble.of(-9.5),
        RAISED_AT.minusSeconds(5),
        "Freezer 3, back store: -9.5 °C is above -15.0 °C",
        RAISED_AT);
  }

  static TelemetryAlert.Escalated escalated(String alert) {
    return new TelemetryAlert.Escalated(
        new AlertId(alert), ACME, AlertSeverity.CRITICAL, RAISED_AT.plusSeconds(600));
  }

  static TelemetryAlert.Cleared cleared(String alert) {
    return new TelemetryAlert.Cleared(
        new AlertId(alert),
        ACME,
        "CONDITION_ENDED",
        OptionalDouble.of(-14.25),
        OptionalDouble.of(-7.0),
        RAISED_AT.plusSeconds(1200));
  }
}
