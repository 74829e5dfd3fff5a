package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.application.shared.TelemetryAccess;
import dev.fieldops.telemetry.application.shared.StampSource;
import dev.fieldops.telemetry.application.feed.AlertChangeListener;
import dev.fieldops.telemetry.application.feed.AlertNotice;
import dev.fieldops.telemetry.domain.alert.Alert;
import dev.fieldops.telemetry.domain.alert.AlertEvent;
import dev.fieldops.telemetry.domain.alert.AlertRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Acknowledges an alert in the caller's name (its principal subject) and publishes the change. */
public final class AcknowledgeAlertHandler {

  private final AlertRepository alerts;
  private final AlertChangeListener listener;
  private final StampSource stamps;

  public AcknowledgeAlertHandler(
      AlertRepository alerts, AlertChangeListener listener, StampSource stamps) {
    this.alerts = Objects.requireNonNull(alerts, "alerts");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.stamps = Objects.requireNonNull(stamps, "stamps");
  }

  /**
   * @throws NotFoundException {@code ALERT_NOT_FOUND}, also for another customer's alert
   * @throws dev.fieldops.kernel.RuleViolationException {@code ALERT_ALREADY_ACKNOWLEDGED}, {@code
   *     ALERT_ALREADY_CLEARED}
   * @throws dev.fieldops.kernel.ConcurrencyConflictException {@code ETAG_MISMATCH}
   */
  public Alert handle(Principal principal, AcknowledgeAlert command) {
    var id = command.alertId();
    var scope =
        TelemetryAccess.toManage(principal)
            .orElseThrow(() -> NotFoundException.of("alert", id.toString()));
    var stamp = stamps.next();
    var events = new ArrayList<AlertEvent>();
    var alert =
        alerts.update(
            id,
            scope,
            found -> {
              events.clear();
              command.expectedVersion().requireCurrent(found.version(), "alert", id.toString());
              found.acknowledge(principal.subject(), command.note(), stamp);
              events.addAll(found.pendingEvents());
            });
    listener.alertsChanged(List.of(new AlertNotice(alert.data(), events)));
    return alert;
  }
}
