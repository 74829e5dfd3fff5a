package dev.fieldops.support.adapter.nats;

import dev.fieldops.nats.inbox.ConsumerSpec;
import dev.fieldops.nats.inbox.OutOfOrderPolicy;
import dev.fieldops.nats.inbox.ConsumerSupervisor.Definition;
import dev.fieldops.support.application.event.AccountStandingProjection;
import dev.fieldops.support.application.event.ActiveAlertsProjection;
import dev.fieldops.support.application.event.InvoiceFact;
import dev.fieldops.support.application.event.TelemetryAlert;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Customer support's durable consumers, one per purpose:
 *
 * <ul>
 *   <li>{@value #ALERT_TICKETS} on {@value #TELEMETRY_STREAM} {@value #ALERT_SUBJECTS}: opens,
 *       escalates and annotates alert tickets. Not a projection: its effects are tickets and
 *       their events, so it is never replayed.
 *   <li>{@value #ACTIVE_ALERTS} on {@value #TELEMETRY_STREAM} {@value #ALERT_SUBJECTS}: the
 *       active-alert projection.
 *   <li>{@value #ACCOUNT_STANDING} on {@value #INVOICING_STREAM} {@value #INVOICE_SUBJECTS}: the
 *       account-standing projection.
 * </ul>
 *
 * All three apply an event even when a newer version of its aggregate came first ({@link
 * OutOfOrderPolicy#APPLY}): their effects are built so that order cannot matter (a cleared alert
 * and a settled invoice stay so; an escalation only raises; a note is a note), while parking
 * would strand facts that still count, such as the raise of an alert whose clearance overtook it.
 */
public final class SupportConsumers {

  public static final String ALERT_TICKETS = "support-alert-tickets";
  public static final String ACTIVE_ALERTS = "support-active-alerts";
  public static final String ACCOUNT_STANDING = "support-account-standing";

  public static final String TELEMETRY_STREAM = "TELEMETRY";
  public static final String INVOICING_STREAM = "INVOICING";
  public static final String ALERT_SUBJECTS = "telemetry.alert.>";
  public static final String INVOICE_SUBJECTS = "invoicing.invoice.>";

  /** How a failing event is retried before it is parked: attempts and the pauses between them. */
  public record Retries(int maxDeliver, List<Duration> backoff) {
    public Retries {
      backoff = List.copyOf(Objects.requireNonNull(backoff, "backoff"));
    }
  }

  private SupportConsumers() {}

  public static Definition<TelemetryAlert> alertTickets(Retries retries, AlertTicketConsumer handler) {
    return new Definition<>(
        spec(TELEMETRY_STREAM, ALERT_TICKETS, ALERT_SUBJECTS, retries),
        new TelemetryAlertDecoder(
            Set.of(
                TelemetryAlertDecoder.RAISED,
                TelemetryAlertDecoder.ESCALATED,
                TelemetryAlertDecoder.CLEARED)),
        handler);
  }

  public static Definition<TelemetryAlert> activeAlerts(
      Retries retries, ActiveAlertsProjection projection) {
    return new Definition<>(
        spec(TELEMETRY_STREAM, ACTIVE_ALERTS, ALERT_SUBJECTS, retries),
        new TelemetryAlertDecoder(Set.of(TelemetryAlertDecoder.RAISED, TelemetryAlertDecoder.CLEARED)),
        (tx, event) -> projection.apply(event.event()));
  }

  public static Definition<InvoiceFact> accountStanding(
      Retries retries, AccountStandingProjection projection) {
    return new Definition<>(
        spec(INVOICING_STREAM, ACCOUNT_STANDING, INVOICE_SUBJECTS, retries),
        new InvoiceFactDecoder(),
        (tx, event) -> projection.apply(event.event()));
  }

  private static ConsumerSpec spec(String stream, String durable, String filter, Retries retries) {
    return ConsumerSpec.of(stream, durable, filter)
        .withRetries(retries.maxDeliver(), retries.backoff())
        .withOutOfOrder(OutOfOrderPolicy.APPLY);
  }
}
