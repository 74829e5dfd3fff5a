package dev.fieldops.support.adapter.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.fieldops.invoicing.v1.InvoiceIssued;
import dev.fieldops.invoicing.v1.InvoicePaid;
import dev.fieldops.nats.inbox.EventEnvelope;
import dev.fieldops.nats.inbox.RejectedEventException;
import dev.fieldops.support.application.event.AlertSeverity;
import dev.fieldops.support.application.event.InvoiceFact;
import dev.fieldops.support.application.event.ReadingMetric;
import dev.fieldops.support.application.event.TelemetryAlert;
import dev.fieldops.telemetry.v1.AlertAcknowledged;
import dev.fieldops.telemetry.v1.AlertEscalated;
import dev.fieldops.telemetry.v1.AlertEscalationCause;
import dev.fieldops.telemetry.v1.AlertRaised;
import dev.fieldops.telemetry.v1.Metric;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Other contexts' events are untrusted input: decoded only when they hold together. */
class TelemetryAlertDecoderTest {

  private static final String ALERT = "0190d7a2-0000-7000-8000-0000000000a1";
  private static final String DEVICE = "0190d7a2-0000-7000-8000-000000000042";

  private final TelemetryAlertDecoder decoder =
      new TelemetryAlertDecoder(
          Set.of(
              TelemetryAlertDecoder.RAISED,
              TelemetryAlertDecoder.ESCALATED,
              TelemetryAlertDecoder.CLEARED));

  private static AlertRaised.Builder raised(String eventId) {
    return AlertRaised.newBuilder()
        .setEventId(eventId)
        .setOccurTime(Timestamp.newBuilder().setSeconds(1_800_000_000L))
        .setAggregateVersion(1)
        .setCustomerId("acme-cold-storage")
        .setAlertId(ALERT)
        .setDeviceId(DEVICE)
        .setRuleId("rule-7")
        .setSeverity(dev.fieldops.telemetry.v1.AlertSeverity.ALERT_SEVERITY_CRITICAL)
        .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
        .setValue(-9.5)
        .setObserveTime(Timestamp.newBuilder().setSeconds(1_799_999_990L))
        .setSummary("Freezer 3 is too warm");
  }

  private static EventEnvelope envelope(
      String eventId,
      String aggregateId,
      long version,
      Message event,
      String contentType,
      byte[] payload)
      throws Exception {
    return EventEnvelope.parse(
        "telemetry.alert.x",
        Map.of(
            "ce-specversion",
            "1.0",
            "ce-id",
            eventId,
            "ce-source",
            "/fieldops/telemetry",
            "ce-type",
            event.getDescriptorForType().getFullName(),
            "ce-time",
            "2027-01-15T08:00:00Z",
            "ce-subject",
            aggregateId,
            "fieldops-aggregate-version",
            Long.toString(version),
            "content-type",
            contentType),
        payload);
  }

  private static EventEnvelope envelope(String eventId, Message event) throws Exception {
    return envelope(eventId, ALERT, 1, event, "application/protobuf", event.toByteArray());
  }

  @Test
  void a_raised_alert_becomes_a_fact_in_supports_words() throws Exception {
    var id = UUID.randomUUID().toString();

    var fact = (TelemetryAlert.Raised) decoder.decode(envelope(id, raised(id).build()));

    assertThat(fact.alertId().value()).isEqualTo(ALERT);
    assertThat(fact.customerId().value()).isEqualTo("acme-cold-storage");
    assertThat(fact.deviceId().value()).isEqualTo(DEVICE);
    assertThat(fact.severity()).isEqualTo(AlertSeverity.CRITICAL);
    assertThat(fact.metric()).isEqualTo(ReadingMetric.TEMPERATURE_CELSIUS);
    assertThat(fact.value()).hasValue(-9.5);
    assertThat(fact.summary()).isEqualTo("Freezer 3 is too warm");
  }

  @Test
  void an_escalation_by_value_or_by_time_becomes_the_same_fact() throws Exception {
    for (var cause :
        new AlertEscalationCause[] {
          AlertEscalationCause.ALERT_ESCALATION_CAUSE_CRITICAL_LEVEL,
          AlertEscalationCause.ALERT_ESCALATION_CAUSE_ACTIVE_TOO_LONG
        }) {
      var id = UUID.randomUUID().toString();
      var escalated =
          AlertEscalated.newBuilder()
              .setEventId(id)
              .setOccurTime(Timestamp.newBuilder().setSeconds(1_800_000_600L))
              .setAggregateVersion(3)
              .setCustomerId("acme-cold-storage")
              .setAlertId(ALERT)
              .setDeviceId(DEVICE)
              .setRuleId("rule-7")
              .setSeverity(dev.fieldops.telemetry.v1.AlertSeverity.ALERT_SEVERITY_CRITICAL)
              .setPreviousSeverity(dev.fieldops.telemetry.v1.AlertSeverity.ALERT_SEVERITY_WARNING)
              .setSummary("Freezer 3 is too warm")
              .setCause(cause)
              .build();

      var fact =
          decoder.decode(
              envelope(id, ALERT, 3, escalated, "application/protobuf", escalated.toByteArray()));

      assertThat(fact)
          .as(cause.name())
          .isInstanceOfSatisfying(
              TelemetryAlert.Escalated.class,
              e -> {
                assertThat(e.alertId().value()).isEqualTo(ALERT);
                assertThat(e.customerId().value()).isEqualTo("acme-cold-storage");
                assertThat(e.severity()).isEqualTo(AlertSeverity.CRITICAL);
              });
    }
  }

  @Test
  void proto3_json_is_accepted_too() throws Exception {
    var id = UUID.randomUUID().toString();
    var event = raised(id).build();
    var json = JsonFormat.printer().print(event).getBytes(StandardCharsets.UTF_8);

    var fact = decoder.decode(envelope(id, ALERT, 1, event, "application/json", json));

    assertThat(fact).isInstanceOf(TelemetryAlert.Raised.class);
  }

  @Test
  void an_event_whose_fields_contradict_its_headers_or_rules_is_rejected() throws Exception {
    var id = UUID.randomUUID().toString();
    var cases =
        Map.of(
            "event_id", envelope(id, raised(UUID.randomUUID().toString()).build()),
            "ce-subject",
                envelope(
                    id,
                    "another-alert",
                    1,
                    raised(id).build(),
                    "application/protobuf",
                    raised(id).build().toByteArray()),
            "aggregate_version", envelope(id, raised(id).setAggregateVersion(2).build()),
            "customer_id", envelope(id, raised(id).setCustomerId("acme corp!").build()),
            "device_id", envelope(id, raised(id).setDeviceId("").build()),
            "severity", envelope(id, raised(id).clearSeverity().build()),
            "metric", envelope(id, raised(id).clearMetric().build()),
            "occur_time", envelope(id, raised(id).clearOccurTime().build()),
            "rule_id", envelope(id, raised(id).setRuleId("").build()));

    cases.forEach(
        (field, envelope) -> {
          var rejected =
              assertThatExceptionOfType(RejectedEventException.class)
                  .isThrownBy(() -> decoder.decode(envelope))
                  .actual();
          assertThat(rejected).as(field).isNotNull();
          assertThat(rejected.getMessage()).as(field).contains(field);
        });
  }

  @Test
  void events_the_consumer_does_not_ask_for_decode_to_nothing() throws Exception {
    var id = UUID.randomUUID().toString();
    var acknowledged = AlertAcknowledged.newBuilder().setEventId(id).setAlertId(ALERT).build();
    var onlyRaises = new TelemetryAlertDecoder(Set.of(TelemetryAlertDecoder.RAISED));

    assertThat(decoder.decode(envelope(id, acknowledged))).isNull();
    assertThat(
            onlyRaises.decode(
                envelope(
                    id,
                    dev.fieldops.telemetry.v1.AlertCleared.newBuilder().setEventId(id).build())))
        .isNull();
  }

  @Test
  void invoices_bear_on_standing_only_when_overdue_paid_or_voided() throws Exception {
    var invoices = new InvoiceFactDecoder();
    var id = UUID.randomUUID().toString();
    var invoice = UUID.randomUUID().toString();
    var paid =
        InvoicePaid.newBuilder()
            .setEventId(id)
            .setOccurTime(Timestamp.newBuilder().setSeconds(1_800_000_000L))
            .setAggregateVersion(5)
            .setCustomerId("acme-cold-storage")
            .setInvoiceId(invoice)
            .build();
    var issued = InvoiceIssued.newBuilder().setEventId(id).setInvoiceId(invoice).build();

    assertThat(
            invoices.decode(
                envelope(id, invoice, 5, paid, "application/protobuf", paid.toByteArray())))
        .isInstanceOf(InvoiceFact.Paid.class);
    assertThat(
            invoices.decode(
                envelope(id, invoice, 2, issued, "application/protobuf", issued.toByteArray())))
        .isNull();
    var bad = paid.toBuilder().setInvoiceId("inv/1").build();
    assertThat(
            assertThatExceptionOfType(RejectedEventException.class)
                .isThrownBy(
                    () ->
                        invoices.decode(
                            envelope(
                                id, "inv/1", 5, bad, "application/protobuf", bad.toByteArray())))
                .actual())
        .hasMessageContaining("invoice_id");
  }
}
