package dev.fieldops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.fieldops.invoicing.v1.InvoicePaid;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.nats.inbox.EventEnvelope;
import dev.fieldops.nats.inbox.RejectedEventException;
import dev.fieldops.runtime.IncomingEvents.EnvelopeCheck;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Another context's event is trusted only when its payload parses and agrees with its headers. */
class IncomingEventsTest {

  private static final String INVOICE = "0190d7a2-0000-7000-8000-0000000000b7";
  private static final String EVENT = "0190d7a2-0000-7000-8000-0000000000e1";

  private final IncomingEvents events =
      IncomingEvents.checking(EnvelopeCheck.fieldOpsEnvelope("invoice_id"));

  private static InvoicePaid.Builder paid() {
    return InvoicePaid.newBuilder()
        .setEventId(EVENT)
        .setOccurTime(Timestamp.newBuilder().setSeconds(1_800_000_000L))
        .setAggregateVersion(4)
        .setCustomerId("acme-cold-storage")
        .setInvoiceId(INVOICE);
  }

  private static EventEnvelope envelope(
      String eventId, String aggregateId, long version, String contentType, byte[] payload)
      throws Exception {
    return EventEnvelope.parse(
        "invoicing.invoice.paid",
        Map.of(
            "ce-specversion",
            "1.0",
            "ce-id",
            eventId,
            "ce-source",
            "/fieldops/invoicing",
            "ce-type",
            InvoicePaid.getDescriptor().getFullName(),
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

  private static EventEnvelope binary(InvoicePaid event) throws Exception {
    return envelope(EVENT, INVOICE, 4, "application/protobuf", event.toByteArray());
  }

  @Test
  void a_binary_payload_agreeing_with_its_headers_is_read() throws Exception {
    InvoicePaid event = paid().build();

    assertThat(events.read(binary(event), InvoicePaid.getDefaultInstance())).isEqualTo(event);
    assertThat(events.decoder(InvoicePaid.getDefaultInstance()).decode(binary(event)))
        .isEqualTo(event);
  }

  @Test
  void a_json_payload_is_read_by_its_content_type_ignoring_fields_it_does_not_know()
      throws Exception {
    InvoicePaid event = paid().build();
    String json = JsonFormat.printer().print(event);
    String withNewerField = json.substring(0, json.lastIndexOf('}')) + ", \"addedLater\": 1}";

    var read =
        events.read(
            envelope(
                EVENT,
                INVOICE,
                4,
                "application/json; charset=utf-8",
                withNewerField.getBytes(StandardCharsets.UTF_8)),
            InvoicePaid.getDefaultInstance());

    assertThat(read).isEqualTo(event);
  }

  @Test
  void a_payload_that_does_not_parse_is_undecodable_not_rejected() throws Exception {
    var garbage = envelope(EVENT, INVOICE, 4, "application/protobuf", new byte[] {(byte) 0xff, 1});
    var notJson =
        envelope(
            EVENT,
            INVOICE,
            4,
            "application/json",
            "{\"invoiceId\": ".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> events.read(garbage, InvoicePaid.getDefaultInstance()))
        .isNotInstanceOf(RejectedEventException.class);
    assertThatThrownBy(() -> events.read(notJson, InvoicePaid.getDefaultInstance()))
        .isNotInstanceOf(RejectedEventException.class);
  }

  @Test
  void an_aggregate_id_other_than_ce_subject_is_rejected_naming_both() throws Exception {
    var other =
        envelope(
            EVENT,
            "0190d7a2-0000-7000-8000-0000000000ff",
            4,
            "application/protobuf",
            paid().build().toByteArray());

    assertThatExceptionOfType(RejectedEventException.class)
        .isThrownBy(() -> events.read(other, InvoicePaid.getDefaultInstance()))
        .withMessage(
            "invoice_id '"
                + INVOICE
                + "' does not match ce-subject "
                + "'0190d7a2-0000-7000-8000-0000000000ff'");
  }

  @Test
  void each_envelope_field_is_compared_with_its_header_in_order() throws Exception {
    var otherId = UUID.randomUUID().toString();
    byte[] payload = paid().build().toByteArray();

    assertThatExceptionOfType(RejectedEventException.class)
        .isThrownBy(
            () ->
                events.read(
                    envelope(otherId, "elsewhere", 9, "application/protobuf", payload),
                    InvoicePaid.getDefaultInstance()))
        .withMessage("event_id '" + EVENT + "' does not match ce-id " + otherId);
    assertThatExceptionOfType(RejectedEventException.class)
        .isThrownBy(
            () ->
                events.read(
                    envelope(EVENT, INVOICE, 9, "application/protobuf", payload),
                    InvoicePaid.getDefaultInstance()))
        .withMessage("aggregate_version 4 does not match fieldops-aggregate-version 9");
    assertThatExceptionOfType(RejectedEventException.class)
        .isThrownBy(
            () ->
                events.read(
                    binary(paid().clearOccurTime().build()), InvoicePaid.getDefaultInstance()))
        .withMessage("occur_time is missing");
  }

  @Test
  void a_value_outside_its_well_known_range_is_rejected_with_the_services_prefix()
      throws Exception {
    var farFuture = paid().setOccurTime(Timestamp.newBuilder().setSeconds(253_402_300_800L));
    var invalid = events.withReasonPrefix("INVALID_EVENT: ");

    assertThatExceptionOfType(RejectedEventException.class)
        .isThrownBy(() -> invalid.read(binary(farFuture.build()), InvoicePaid.getDefaultInstance()))
        .withMessageStartingWith("INVALID_EVENT: occur_time: must be a time between");
  }

  @Test
  void a_service_declaring_no_envelope_checks_reads_what_disagrees_with_its_headers()
      throws Exception {
    var lenient = IncomingEvents.checking(List.of());
    InvoicePaid event = paid().setAggregateVersion(0).build();

    assertThat(
            lenient.read(
                envelope(EVENT, "elsewhere", 4, "application/protobuf", event.toByteArray()),
                InvoicePaid.getDefaultInstance()))
        .isEqualTo(event);
  }

  @Test
  void a_value_object_refusing_a_field_becomes_a_rejection_showing_at_most_80_characters() {
    String huge = "x".repeat(200);

    assertThatExceptionOfType(RejectedEventException.class)
        .isThrownBy(
            () ->
                events.valid(
                    "customer_id",
                    huge,
                    value -> {
                      throw InvalidInputException.of(
                          "INVALID_CUSTOMER_ID", "customer_id", "must be at most 64 characters");
                    }))
        .withMessage(
            "customer_id '" + "x".repeat(80) + "…' is invalid: " + "must be at most 64 characters");
  }

  @Test
  void an_id_that_is_not_a_canonical_uuid_is_rejected_naming_the_field() throws Exception {
    var invalid = events.withReasonPrefix("INVALID_EVENT: ");

    assertThat(invalid.uuid("device_id", INVOICE.toUpperCase(java.util.Locale.ROOT)))
        .isEqualTo(UUID.fromString(INVOICE));
    assertThatExceptionOfType(RejectedEventException.class)
        .isThrownBy(() -> invalid.uuid("device_id", "0190d7a2000070008000000000000b7"))
        .withMessage(
            "INVALID_EVENT: device_id '0190d7a2000070008000000000000b7' is invalid: must be a UUID");
  }

  @Test
  void a_required_time_unset_or_at_the_epoch_is_missing() throws Exception {
    var set = Timestamp.newBuilder().setSeconds(1_800_000_000L).build();

    assertThat(events.time("occur_time", true, set))
        .isEqualTo(java.time.Instant.ofEpochSecond(1_800_000_000L));
    assertThatExceptionOfType(RejectedEventException.class)
        .isThrownBy(() -> events.time("occur_time", false, Timestamp.getDefaultInstance()))
        .withMessage("occur_time is missing");
    assertThatExceptionOfType(RejectedEventException.class)
        .isThrownBy(() -> events.time("occur_time", true, Timestamp.getDefaultInstance()))
        .withMessage("occur_time is missing");
  }
}
