package dev.fieldops.support.component;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.fieldops.invoicing.v1.InvoiceIssued;
import dev.fieldops.invoicing.v1.InvoiceOverdue;
import dev.fieldops.invoicing.v1.InvoicePaid;
import dev.fieldops.invoicing.v1.InvoiceVoided;
import dev.fieldops.nats.StreamProvisioner;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.telemetry.v1.AlertAcknowledged;
import dev.fieldops.telemetry.v1.AlertClearReason;
import dev.fieldops.telemetry.v1.AlertCleared;
import dev.fieldops.telemetry.v1.AlertEscalated;
import dev.fieldops.telemetry.v1.AlertEscalationCause;
import dev.fieldops.telemetry.v1.AlertRaised;
import dev.fieldops.telemetry.v1.AlertSeverity;
import dev.fieldops.telemetry.v1.Metric;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Telemetry and invoicing as customer support sees them: their streams (TELEMETRY, INVOICING,
 * created as the producers create them) and their events, published the way their outbox relays
 * publish: protobuf payload, CloudEvents headers, {@code Nats-Msg-Id} = event id. An event can be
 * published again as is ({@link #republish}), as a relay does after a lost acknowledgement.
 */
final class OtherContexts implements AutoCloseable {

  static final StreamSpec TELEMETRY = StreamSpec.of("TELEMETRY", "telemetry.>");
  static final StreamSpec INVOICING = StreamSpec.of("INVOICING", "invoicing.>");

  /** One event as published: what to publish it again. */
  record Published(String subject, String source, String aggregateId, long version, Message event) {
    String eventId() {
      return (String) event.getField(event.getDescriptorForType().findFieldByName("event_id"));
    }
  }

  private final Connection nats;

  private OtherContexts(Connection nats) {
    this.nats = nats;
  }

  static OtherContexts connect(String url) throws Exception {
    return new OtherContexts(Nats.connect(url));
  }

  void createStreams() throws Exception {
    var provisioner = new StreamProvisioner(nats.jetStreamManagement());
    provisioner.provision(TELEMETRY);
    provisioner.provision(INVOICING);
  }

  // ---------------------------------------------------------------- telemetry

  Published alertRaised(String customer, String alert, String device, AlertSeverity severity) {
    var now = Instant.now();
    return publish(
        "telemetry.alert.raised",
        "/fieldops/telemetry",
        alert,
        1,
        AlertRaised.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setOccurTime(timestamp(now))
            .setAggregateVersion(1)
            .setCustomerId(customer)
            .setAlertId(alert)
            .setDeviceId(device)
            .setRuleId("rule-freezer-too-warm")
            .setSeverity(severity)
            .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
            .setValue(-9.5)
            .setObserveTime(timestamp(now.minusSeconds(2)))
            .setSummary("Freezer 3, back store: -9.5 °C is above -15.0 °C")
            .build());
  }

  /** Telemetry escalating a WARNING alert that stayed ACTIVE past its rule's escalate_after. */
  Published alertEscalated(String customer, String alert, String device, long version) {
    return publish(
        "telemetry.alert.escalated",
        "/fieldops/telemetry",
        alert,
        version,
        AlertEscalated.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setOccurTime(timestamp(Instant.now()))
            .setAggregateVersion(version)
            .setCustomerId(customer)
            .setAlertId(alert)
            .setDeviceId(device)
            .setRuleId("rule-freezer-too-warm")
            .setSeverity(AlertSeverity.ALERT_SEVERITY_CRITICAL)
            .setPreviousSeverity(AlertSeverity.ALERT_SEVERITY_WARNING)
            .setSummary("Freezer 3, back store: -9.5 °C is above -15.0 °C")
            .setCause(AlertEscalationCause.ALERT_ESCALATION_CAUSE_ACTIVE_TOO_LONG)
            .build());
  }

  Published alertAcknowledged(String customer, String alert, String device, long version) {
    return publish(
        "telemetry.alert.acknowledged",
        "/fieldops/telemetry",
        alert,
        version,
        AlertAcknowledged.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setOccurTime(timestamp(Instant.now()))
            .setAggregateVersion(version)
            .setCustomerId(customer)
            .setAlertId(alert)
            .setDeviceId(device)
            .setRuleId("rule-freezer-too-warm")
            .setAcknowledgedBy("operator-olga")
            .setNote("technician on the way")
            .build());
  }

  Published alertCleared(String customer, String alert, String device, long version) {
    return alertClearedOn("telemetry.alert.cleared", customer, alert, device, version);
  }

  /**
   * An AlertCleared published on {@code subject}, which may be another event's: what a confused or
   * hostile publisher with permission for the subject tree could do.
   */
  Published alertClearedOn(
      String subject, String customer, String alert, String device, long version) {
    return publish(
        subject,
        "/fieldops/telemetry",
        alert,
        version,
        AlertCleared.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setOccurTime(timestamp(Instant.now()))
            .setAggregateVersion(version)
            .setCustomerId(customer)
            .setAlertId(alert)
            .setDeviceId(device)
            .setRuleId("rule-freezer-too-warm")
            .setSeverity(AlertSeverity.ALERT_SEVERITY_CRITICAL)
            .setClearReason(AlertClearReason.ALERT_CLEAR_REASON_CONDITION_ENDED)
            .setRaiseTime(timestamp(Instant.now().minusSeconds(60)))
            .setPeakValue(-7.25)
            .setLastValue(-14.5)
            .build());
  }

  // ---------------------------------------------------------------- invoicing

  Published invoiceIssued(String customer, String invoice) {
    return publish(
        "invoicing.invoice.issued",
        "/fieldops/invoicing",
        invoice,
        2,
        InvoiceIssued.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setOccurTime(timestamp(Instant.now()))
            .setAggregateVersion(2)
            .setCustomerId(customer)
            .setInvoiceId(invoice)
            .setInvoiceNumber("INV-2026-000042")
            .build());
  }

  Published invoiceOverdue(String customer, String invoice) {
    return publish(
        "invoicing.invoice.overdue",
        "/fieldops/invoicing",
        invoice,
        3,
        InvoiceOverdue.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setOccurTime(timestamp(Instant.now()))
            .setAggregateVersion(3)
            .setCustomerId(customer)
            .setInvoiceId(invoice)
            .setInvoiceNumber("INV-2026-000042")
            .build());
  }

  Published invoicePaid(String customer, String invoice) {
    return publish(
        "invoicing.invoice.paid",
        "/fieldops/invoicing",
        invoice,
        5,
        InvoicePaid.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setOccurTime(timestamp(Instant.now()))
            .setAggregateVersion(5)
            .setCustomerId(customer)
            .setInvoiceId(invoice)
            .setInvoiceNumber("INV-2026-000042")
            .setWasOverdue(true)
            .build());
  }

  /** An InvoicePaid in proto3 JSON, which consumers accept as well. */
  Published invoicePaidAsJson(String customer, String invoice) throws Exception {
    var paid = invoicePaidMessage(customer, invoice);
    var published =
        new Published("invoicing.invoice.paid", "/fieldops/invoicing", invoice, 5, paid);
    send(
        published,
        UUID.randomUUID().toString(),
        "application/json",
        JsonFormat.printer().print(paid).getBytes(StandardCharsets.UTF_8));
    return published;
  }

  private static InvoicePaid invoicePaidMessage(String customer, String invoice) {
    return InvoicePaid.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setOccurTime(timestamp(Instant.now()))
        .setAggregateVersion(5)
        .setCustomerId(customer)
        .setInvoiceId(invoice)
        .setInvoiceNumber("INV-2026-000042")
        .build();
  }

  Published invoiceVoided(String customer, String invoice) {
    return publish(
        "invoicing.invoice.voided",
        "/fieldops/invoicing",
        invoice,
        4,
        InvoiceVoided.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setOccurTime(timestamp(Instant.now()))
            .setAggregateVersion(4)
            .setCustomerId(customer)
            .setInvoiceId(invoice)
            .setInvoiceNumber("INV-2026-000042")
            .setReason("issued twice")
            .setWasOverdue(true)
            .build());
  }

  // ---------------------------------------------------------------- publishing

  /** Publishes a new event with {@code Nats-Msg-Id} = its event id. */
  Published publish(
      String subject, String source, String aggregateId, long version, Message event) {
    var published = new Published(subject, source, aggregateId, version, event);
    send(published, published.eventId(), "application/protobuf", event.toByteArray());
    return published;
  }

  /**
   * Publishes the same event again under another {@code Nats-Msg-Id}, so that JetStream's duplicate
   * window does not catch it and the consumer receives it twice.
   */
  void republish(Published published) {
    send(
        published,
        UUID.randomUUID().toString(),
        "application/protobuf",
        published.event().toByteArray());
  }

  /** Publishes raw bytes with the headers of {@code published}: a malformed event. */
  void publishRaw(Published published, byte[] payload) {
    send(published, UUID.randomUUID().toString(), "application/protobuf", payload);
  }

  private void send(Published published, String messageId, String contentType, byte[] payload) {
    var headers = new Headers();
    headers.put("ce-specversion", "1.0");
    headers.put("ce-id", published.eventId());
    headers.put("ce-source", published.source());
    headers.put("ce-type", published.event().getDescriptorForType().getFullName());
    headers.put("ce-time", Instant.now().toString());
    headers.put("ce-subject", published.aggregateId());
    headers.put("fieldops-aggregate-version", Long.toString(published.version()));
    headers.put("content-type", contentType);
    var message =
        NatsMessage.builder().subject(published.subject()).headers(headers).data(payload).build();
    try {
      nats.jetStream().publish(message, PublishOptions.builder().messageId(messageId).build());
    } catch (Exception e) {
      throw new IllegalStateException("publishing " + published.subject() + " failed", e);
    }
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  @Override
  public void close() throws InterruptedException {
    nats.close();
  }
}
