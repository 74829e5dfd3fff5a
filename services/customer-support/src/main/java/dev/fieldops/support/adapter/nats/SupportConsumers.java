package dev.fieldops.support.adapter.nats;

import dev.fieldops.invoicing.v1.InvoiceIssued;
import dev.fieldops.invoicing.v1.InvoiceOverdue;
import dev.fieldops.invoicing.v1.InvoicePaid;
import dev.fieldops.invoicing.v1.InvoiceVoided;
import dev.fieldops.invoicing.v1.PaymentRecorded;
import dev.fieldops.nats.inbox.AggregateOrder;
import dev.fieldops.nats.inbox.ConsumerSpec;
import dev.fieldops.nats.inbox.ConsumerSupervisor.Definition;
import dev.fieldops.nats.inbox.DeadLetterRetention;
import dev.fieldops.nats.inbox.EventSubjects;
import dev.fieldops.nats.inbox.OutOfOrderPolicy;
import dev.fieldops.support.application.event.AccountStandingProjection;
import dev.fieldops.support.application.event.ActiveAlertsProjection;
import dev.fieldops.support.application.event.InvoiceFact;
import dev.fieldops.support.application.event.TelemetryAlert;
import dev.fieldops.telemetry.v1.AlertAcknowledged;
import dev.fieldops.telemetry.v1.AlertCleared;
import dev.fieldops.telemetry.v1.AlertEscalated;
import dev.fieldops.telemetry.v1.AlertRaised;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Customer support's durable consumers, one per purpose:
 *
 * <ul>
 *   <li>{@value #ALERT_TICKETS} on {@value #TELEMETRY_STREAM} {@value #ALERT_SUBJECTS}: opens,
 *       escalates and annotates alert tickets. Not a projection: its effects are tickets and their
 *       events, so it is never replayed.
 *   <li>{@value #ACTIVE_ALERTS} on {@value #TELEMETRY_STREAM} {@value #ALERT_SUBJECTS}: the
 *       active-alert projection.
 *   <li>{@value #ACCOUNT_STANDING} on {@value #INVOICING_STREAM} {@value #INVOICE_SUBJECTS}: the
 *       account-standing projection.
 * </ul>
 *
 * All three apply each aggregate's events in publish order ({@link AggregateOrder#publishOrderOf}),
 * whatever the number of replicas sharing the durable: each filter receives every event of the
 * aggregates it orders ({@value #ALERT_SUBJECTS} is every event of an {@code alert}, {@value
 * #INVOICE_SUBJECTS} every event of an {@code invoice}; invoicing's charges are another aggregate
 * on another subject), which publish order needs. An alert's clearance is therefore never applied
 * before its raise, even when two replicas take them at the same moment.
 *
 * <p>Events published before aggregate sequences existed carry none; those are applied even when a
 * newer version of their aggregate came first ({@link OutOfOrderPolicy#APPLY}): the effects are
 * built so that order cannot matter (a cleared alert and a settled invoice stay so; an escalation
 * only raises; a note is a note), while parking would strand facts that still count.
 */
public final class SupportConsumers {

  public static final String ALERT_TICKETS = "support-alert-tickets";
  public static final String ACTIVE_ALERTS = "support-active-alerts";
  public static final String ACCOUNT_STANDING = "support-account-standing";

  public static final String TELEMETRY_STREAM = "TELEMETRY";
  public static final String INVOICING_STREAM = "INVOICING";
  public static final String ALERT_SUBJECTS = "telemetry.alert.>";
  public static final String INVOICE_SUBJECTS = "invoicing.invoice.>";

  /** The aggregate types ({@code fieldops-aggregate-type}) whose events are applied in order. */
  public static final String ALERT_AGGREGATE = "alert";

  public static final String INVOICE_AGGREGATE = "invoice";

  /**
   * The subject of each alert event telemetry publishes under {@value #ALERT_SUBJECTS}: both alert
   * consumers check every event against it, so an event whose type does not match its subject is
   * parked by both and applied by neither.
   */
  public static final EventSubjects TELEMETRY_ALERT_EVENTS =
      EventSubjects.of(
          Map.of(
              AlertRaised.getDescriptor().getFullName(), "telemetry.alert.raised",
              AlertEscalated.getDescriptor().getFullName(), "telemetry.alert.escalated",
              AlertAcknowledged.getDescriptor().getFullName(), "telemetry.alert.acknowledged",
              AlertCleared.getDescriptor().getFullName(), "telemetry.alert.cleared"));

  /** The subject of each invoice event invoicing publishes under {@value #INVOICE_SUBJECTS}. */
  public static final EventSubjects INVOICE_EVENTS =
      EventSubjects.of(
          Map.of(
              InvoiceIssued.getDescriptor().getFullName(), "invoicing.invoice.issued",
              PaymentRecorded.getDescriptor().getFullName(), "invoicing.invoice.payment_recorded",
              InvoicePaid.getDescriptor().getFullName(), "invoicing.invoice.paid",
              InvoiceOverdue.getDescriptor().getFullName(), "invoicing.invoice.overdue",
              InvoiceVoided.getDescriptor().getFullName(), "invoicing.invoice.voided"));

  /**
   * How a failing event is retried before it is parked (attempts and the pauses between them), and
   * how long parked events are kept.
   */
  public record Retries(int maxDeliver, List<Duration> backoff, DeadLetterRetention deadLetters) {
    public Retries {
      backoff = List.copyOf(Objects.requireNonNull(backoff, "backoff"));
      Objects.requireNonNull(deadLetters, "deadLetters");
    }

    /** The platform's dead-letter retention ({@link DeadLetterRetention#DEFAULT}). */
    public Retries(int maxDeliver, List<Duration> backoff) {
      this(maxDeliver, backoff, DeadLetterRetention.DEFAULT);
    }
  }

  private SupportConsumers() {}

  public static Definition<TelemetryAlert> alertTickets(
      Retries retries, AlertTicketConsumer handler) {
    return new Definition<>(
        spec(TELEMETRY_STREAM, ALERT_TICKETS, ALERT_SUBJECTS, TELEMETRY_ALERT_EVENTS, retries)
            .withOrder(AggregateOrder.publishOrderOf(ALERT_AGGREGATE)),
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
        spec(TELEMETRY_STREAM, ACTIVE_ALERTS, ALERT_SUBJECTS, TELEMETRY_ALERT_EVENTS, retries)
            .withOrder(AggregateOrder.publishOrderOf(ALERT_AGGREGATE)),
        new TelemetryAlertDecoder(
            Set.of(TelemetryAlertDecoder.RAISED, TelemetryAlertDecoder.CLEARED)),
        event -> projection.apply(event.event()));
  }

  public static Definition<InvoiceFact> accountStanding(
      Retries retries, AccountStandingProjection projection) {
    return new Definition<>(
        spec(INVOICING_STREAM, ACCOUNT_STANDING, INVOICE_SUBJECTS, INVOICE_EVENTS, retries)
            .withOrder(AggregateOrder.publishOrderOf(INVOICE_AGGREGATE)),
        new InvoiceFactDecoder(),
        event -> projection.apply(event.event()));
  }

  private static ConsumerSpec spec(
      String stream, String durable, String filter, EventSubjects events, Retries retries) {
    return ConsumerSpec.of(stream, durable, filter, events)
        .withRetries(retries.maxDeliver(), retries.backoff())
        .withOutOfOrder(OutOfOrderPolicy.APPLY)
        .withDeadLetterRetention(retries.deadLetters());
  }
}
