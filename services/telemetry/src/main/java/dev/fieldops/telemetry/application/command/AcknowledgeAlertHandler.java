package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.AfterCommit;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Stamp;
import dev.fieldops.telemetry.application.feed.AlertChangeListener;
import dev.fieldops.telemetry.application.feed.AlertNotice;
import dev.fieldops.telemetry.application.shared.TelemetryAccess;
import dev.fieldops.telemetry.domain.alert.Alert;
import dev.fieldops.telemetry.domain.alert.AlertData;
import dev.fieldops.telemetry.domain.alert.AlertEvent;
import dev.fieldops.telemetry.domain.alert.AlertRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Acknowledges an alert in the caller's name (its principal subject), then tells the alert
 * watchers. The watchers hear of it after the commit ({@link AfterCommit}), once however often the
 * command's transaction is run again, and never of a change rolled back.
 */
public final class AcknowledgeAlertHandler implements CommandHandler<AcknowledgeAlert, AlertData> {

  private final AlertRepository alerts;
  private final AlertChangeListener listener;
  private final Clock clock;
  private final Supplier<UUID> ids;
  private final AfterCommit afterCommit;

  /** What the change was: the alert and the events it raised. */
  private record Acknowledged(Alert alert, List<AlertEvent> events) {}

  /**
   * @param afterCommit runs the notice once the change is committed
   */
  public AcknowledgeAlertHandler(
      AlertRepository alerts,
      AlertChangeListener listener,
      Clock clock,
      Supplier<UUID> ids,
      AfterCommit afterCommit) {
    this.alerts = Objects.requireNonNull(alerts, "alerts");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
  }

  /**
   * @throws NotFoundException {@code ALERT_NOT_FOUND}, also for another customer's alert
   * @throws dev.fieldops.kernel.RuleViolationException {@code ALERT_ALREADY_ACKNOWLEDGED}, {@code
   *     ALERT_ALREADY_CLEARED}
   * @throws dev.fieldops.kernel.ConcurrencyConflictException {@code ETAG_MISMATCH}
   */
  @Override
  public AlertData handle(AcknowledgeAlert command) {
    var acknowledged = acknowledge(command);
    var alert = acknowledged.alert();
    afterCommit.run(
        () ->
            listener.alertsChanged(List.of(new AlertNotice(alert.data(), acknowledged.events()))));
    return alert.data();
  }

  private Acknowledged acknowledge(AcknowledgeAlert command) {
    var id = command.alertId();
    var scope =
        TelemetryAccess.toManage(command.principal())
            .orElseThrow(() -> NotFoundException.of("alert", id.toString()));
    var stamp = Stamp.of(clock.instant(), ids);
    var events = new ArrayList<AlertEvent>();
    var alert =
        alerts.update(
            id,
            scope,
            found -> {
              events.clear();
              command.expectedVersion().requireCurrent(found.version(), "alert", id.toString());
              found.acknowledge(command.principal().subject(), command.note(), stamp);
              events.addAll(found.pendingEvents());
            });
    return new Acknowledged(alert, List.copyOf(events));
  }
}
