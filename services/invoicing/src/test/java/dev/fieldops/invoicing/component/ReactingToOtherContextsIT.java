package dev.fieldops.invoicing.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.fieldops.support.v1.SupportTier;
import dev.fieldops.support.v1.TicketResolved;
import dev.fieldops.telemetry.v1.DeviceDecommissioned;
import dev.fieldops.telemetry.v1.DeviceRegistered;
import dev.fieldops.test.time.TestClock;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jooq.Record;
import org.jooq.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Invoicing reacting to customer-support and telemetry: events are published the way their
 * producers' relays publish them (JetStream, Nats-Msg-Id = event id, CloudEvents headers, protobuf
 * payload) to SUPPORT and TELEMETRY streams that are created only after the service has started —
 * its consumers wait for them. The monthly monitoring job runs every 200 ms on a clock one test
 * moves from February into April 2026.
 */
class ReactingToOtherContextsIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static TestClock clock;
  private static RunningInvoicing service;
  private static Connection nats;
  private static JetStream jetStream;

  @BeforeAll
  static void start() throws Exception {
    clock = TestClock.at("2026-03-15T10:00:00Z");
    service =
        RunningInvoicing.start(Map.of("INVOICING_MONITORING_CHARGE_INTERVAL", "200ms"), clock);
    nats = Nats.connect(service.environment.nats().url());
    for (var stream : Map.of("SUPPORT", "support.>", "TELEMETRY", "telemetry.>").entrySet()) {
      nats.jetStreamManagement()
          .addStream(
              StreamConfiguration.builder()
                  .name(stream.getKey())
                  .subjects(stream.getValue())
                  .storageType(StorageType.Memory)
                  .build());
    }
    jetStream = nats.jetStream();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (nats != null) {
      nats.close();
    }
    service.close();
  }

  @Test
  void
      a_resolved_ticket_with_45_minutes_is_charged_once_at_the_tier_rate_even_when_published_twice()
          throws Exception {
    String customer = customer();
    UUID ticket = UUID.randomUUID();
    TicketResolved resolved = resolved(ticket, customer, 45, 3);
    UUID eventId = UUID.fromString(resolved.getEventId());
    publish("support.ticket.resolved", eventId, ticket, 3, resolved, UUID.randomUUID().toString());
    publish("support.ticket.resolved", eventId, ticket, 3, resolved, UUID.randomUUID().toString());
    // Resolved again after a reopening: a new resolution, billed on its own.
    TicketResolved again = resolved(ticket, customer, 15, 5);
    publish("support.ticket.resolved", again, ticket, 5);

    await().atMost(WAIT).until(() -> charges(customer).size() == 2);
    Record first = charges(customer).getFirst();
    assertThat(first.get("source_reference", String.class))
        .isEqualTo("support.ticket/" + ticket + "/resolved/3");
    assertThat(first.get("kind", String.class)).isEqualTo("SUPPORT_MINUTES");
    assertThat(first.get("description", String.class)).isEqualTo("Support ticket T-42: 45 min");
    assertThat(first.get("quantity_milli", Long.class)).isEqualTo(45_000L);
    assertThat(first.get("unit", String.class)).isEqualTo("minute");
    assertThat(first.get("unit_price_minor", Long.class)).isEqualTo(150L); // STANDARD: 90.00/h
    assertThat(first.get("currency_code", String.class)).isEqualTo("EUR");
    assertThat(charges(customer).get(1).get("source_reference", String.class))
        .isEqualTo("support.ticket/" + ticket + "/resolved/5");
    assertThat(
            service
                .database()
                .fetchCount(
                    table(name("outbox_event")),
                    field(name("subject"))
                        .eq("invoicing.charge.recorded")
                        .and(field(name("payload"), byte[].class).isNotNull())
                        .and(
                            field(name("aggregate_id"), String.class)
                                .in(
                                    charges(customer).getValues("charge_id", UUID.class).stream()
                                        .map(UUID::toString)
                                        .toList()))))
        .as("one ChargeRecorded per charge, as for the admin RPC")
        .isEqualTo(2);
  }

  @Test
  void a_resolution_without_billable_minutes_bills_nothing() throws Exception {
    String customer = customer();
    UUID ticket = UUID.randomUUID();
    TicketResolved resolved = resolved(ticket, customer, 0, 2);
    publish("support.ticket.resolved", resolved, ticket, 2);

    await().atMost(WAIT).until(() -> applied("invoicing-support-charges", resolved.getEventId()));
    assertThat(charges(customer)).isEmpty();
  }

  @Test
  void a_registered_device_is_charged_once_for_its_registration_month_even_when_registered_twice()
      throws Exception {
    String customer = customer();
    UUID device = UUID.randomUUID();
    publish(
        "telemetry.device.registered",
        registered(device, customer, "2026-01-20T08:00:00Z"),
        device,
        1);
    publish(
        "telemetry.device.registered",
        registered(device, customer, "2026-01-21T08:00:00Z"),
        device,
        1);

    String january = "telemetry.device/" + device + "/monitoring/2026-01";
    await().atMost(WAIT).until(() -> chargesFor(january) == 1);
    Record charge =
        charges(customer).stream()
            .filter(c -> c.get("source_reference", String.class).equals(january))
            .findFirst()
            .orElseThrow();
    assertThat(charge.get("kind", String.class)).isEqualTo("DEVICE_MONITORING");
    assertThat(charge.get("unit_price_minor", Long.class)).isEqualTo(500L);
    assertThat(charge.get("quantity_milli", Long.class)).isEqualTo(1_000L);
    assertThat(charge.get("unit", String.class)).isEqualTo("device-month");
    await().atMost(WAIT).until(() -> inboxRows("invoicing-device-monitoring", device) == 2);
    assertThat(chargesFor(january)).as("the second registration adds nothing").isEqualTo(1);
  }

  @Test
  void the_monthly_job_charges_each_active_device_once_a_month_and_not_decommissioned_ones()
      throws Exception {
    clock.set(Instant.parse("2026-02-25T00:00:00Z"));
    String customer = customer();
    UUID active = UUID.randomUUID();
    UUID retired = UUID.randomUUID();
    publish(
        "telemetry.device.registered",
        registered(active, customer, "2026-02-10T08:00:00Z"),
        active,
        1);
    publish(
        "telemetry.device.registered",
        registered(retired, customer, "2026-02-12T08:00:00Z"),
        retired,
        1);
    publish(
        "telemetry.device.decommissioned",
        decommissioned(retired, customer, "2026-02-20T08:00:00Z"),
        retired,
        2);
    await().atMost(WAIT).until(() -> inboxRows("invoicing-device-monitoring", retired) == 2);

    clock.set(Instant.parse("2026-03-02T00:00:00Z"));
    await().atMost(WAIT).until(() -> chargesFor(reference(active, "2026-03")) == 1);
    clock.set(Instant.parse("2026-04-02T00:00:00Z"));
    await().atMost(WAIT).until(() -> chargesFor(reference(active, "2026-04")) == 1);
    // Several more runs of the job in April change nothing.
    await().during(Duration.ofMillis(800)).atMost(WAIT).until(() -> charges(customer).size() == 4);

    assertThat(charges(customer).getValues("source_reference", String.class))
        .containsExactlyInAnyOrder(
            reference(active, "2026-02"),
            reference(active, "2026-03"),
            reference(active, "2026-04"),
            reference(retired, "2026-02"));
  }

  @Test
  void months_in_which_the_monthly_job_never_ran_are_billed_once_when_it_next_runs()
      throws Exception {
    clock.set(Instant.parse("2026-01-20T00:00:00Z"));
    String customer = customer();
    UUID device = UUID.randomUUID();
    publish(
        "telemetry.device.registered",
        registered(device, customer, "2026-01-05T08:00:00Z"),
        device,
        1);
    await().atMost(WAIT).until(() -> chargesFor(reference(device, "2026-01")) == 1);

    // Invoicing was down from January to April: the job never ran in February or March.
    clock.set(Instant.parse("2026-04-02T00:00:00Z"));

    await().atMost(WAIT).until(() -> charges(customer).size() == 4);
    assertThat(charges(customer).getValues("source_reference", String.class))
        .containsExactly(
            reference(device, "2026-01"),
            reference(device, "2026-02"),
            reference(device, "2026-03"),
            reference(device, "2026-04"));
    assertThat(charges(customer).getValues("occur_time", java.time.OffsetDateTime.class))
        .extracting(java.time.OffsetDateTime::toInstant)
        .as("each month charged at its start (the registration's for January)")
        .containsExactly(
            Instant.parse("2026-01-05T08:00:00Z"),
            Instant.parse("2026-02-01T00:00:00Z"),
            Instant.parse("2026-03-01T00:00:00Z"),
            Instant.parse("2026-04-01T00:00:00Z"));
  }

  @Test
  void decommissioning_an_unknown_device_is_parked_with_its_reason_while_later_events_flow()
      throws Exception {
    String customer = customer();
    UUID unknown = UUID.randomUUID();
    UUID device = UUID.randomUUID();
    DeviceDecommissioned stray = decommissioned(unknown, customer, "2026-03-01T08:00:00Z");
    publish("telemetry.device.decommissioned", stray, unknown, 4);
    // A reading-driven device event: not decoded at all, acknowledged and skipped.
    UUID reading = UUID.randomUUID();
    publishRaw(
        "telemetry.device.temperature_changed",
        reading,
        device,
        2,
        "fieldops.telemetry.v1.TemperatureChanged",
        new byte[] {(byte) 0xff, 0x01});
    publish(
        "telemetry.device.registered",
        registered(device, customer, "2026-03-03T08:00:00Z"),
        device,
        1);

    await().atMost(WAIT).until(() -> chargesFor(reference(device, "2026-03")) == 1);
    Result<Record> parked =
        service
            .database()
            .select()
            .from(table(name("dead_letter")))
            .where(field(name("consumer")).eq("invoicing-device-monitoring"))
            .fetch();
    assertThat(parked).hasSize(1);
    assertThat(parked.getFirst().get("event_id", UUID.class))
        .isEqualTo(UUID.fromString(stray.getEventId()));
    assertThat(parked.getFirst().get("reason", String.class)).isEqualTo("REJECTED");
    assertThat(parked.getFirst().get("error", String.class)).contains("UNKNOWN_DEVICE");
  }

  @Test
  void a_registration_published_on_another_events_subject_is_parked_and_bills_nothing()
      throws Exception {
    String customer = customer();
    UUID device = UUID.randomUUID();
    DeviceRegistered misplaced = registered(device, customer, "2026-03-04T08:00:00Z");
    publish("telemetry.device.temperature_changed", misplaced, device, 1);

    await()
        .atMost(WAIT)
        .until(
            () ->
                service
                    .database()
                    .fetchExists(
                        table(name("dead_letter")),
                        field(name("event_id"), UUID.class)
                            .eq(UUID.fromString(misplaced.getEventId()))));
    Record parked =
        service
            .database()
            .select()
            .from(table(name("dead_letter")))
            .where(field(name("event_id"), UUID.class).eq(UUID.fromString(misplaced.getEventId())))
            .fetchSingle();
    assertThat(parked.get("reason", String.class)).isEqualTo("REJECTED");
    assertThat(parked.get("error", String.class))
        .isEqualTo(
            "ce-type fieldops.telemetry.v1.DeviceRegistered is published on "
                + "telemetry.device.registered, not on telemetry.device.temperature_changed");
    assertThat(charges(customer)).isEmpty();
  }

  @Test
  void a_registration_dated_after_year_9999_is_parked_and_bills_nothing() throws Exception {
    String customer = customer();
    UUID device = UUID.randomUUID();
    DeviceRegistered farFuture =
        registered(device, customer, "2026-03-04T08:00:00Z").toBuilder()
            .setOccurTime(Timestamp.newBuilder().setSeconds(253_402_300_800L))
            .build();
    publish("telemetry.device.registered", farFuture, device, 1);

    await()
        .atMost(WAIT)
        .until(
            () ->
                service
                    .database()
                    .fetchExists(
                        table(name("dead_letter")),
                        field(name("event_id"), UUID.class)
                            .eq(UUID.fromString(farFuture.getEventId()))));
    assertThat(
            service
                .database()
                .select(field(name("error"), String.class))
                .from(table(name("dead_letter")))
                .where(
                    field(name("event_id"), UUID.class).eq(UUID.fromString(farFuture.getEventId())))
                .fetchSingle()
                .value1())
        .contains("INVALID_EVENT: occur_time: must be a time between");
    assertThat(charges(customer)).isEmpty();
  }

  // --- events as the producers publish them -------------------------------------------------

  private static TicketResolved resolved(UUID ticket, String customer, int minutes, long version) {
    return TicketResolved.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setOccurTime(time("2026-03-10T12:00:00Z"))
        .setAggregateVersion(version)
        .setCustomerId(customer)
        .setTicketId(ticket.toString())
        .setTicketNumber("T-42")
        .setResolution("replaced the sensor")
        .setBillableMinutes(minutes)
        .setTotalBillableMinutes(minutes)
        .setSupportTier(SupportTier.SUPPORT_TIER_STANDARD)
        .build();
  }

  private static DeviceRegistered registered(UUID device, String customer, String at) {
    return DeviceRegistered.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setOccurTime(time(at))
        .setAggregateVersion(1)
        .setCustomerId(customer)
        .setDeviceId(device.toString())
        .setDisplayName("Freezer 1")
        .build();
  }

  private static DeviceDecommissioned decommissioned(UUID device, String customer, String at) {
    return DeviceDecommissioned.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setOccurTime(time(at))
        .setCustomerId(customer)
        .setDeviceId(device.toString())
        .build();
  }

  private static void publish(String subject, Message event, UUID aggregate, long version)
      throws Exception {
    UUID eventId =
        UUID.fromString(
            (String) event.getField(event.getDescriptorForType().findFieldByName("event_id")));
    publish(subject, eventId, aggregate, version, event, eventId.toString());
  }

  private static void publish(
      String subject, UUID eventId, UUID aggregate, long version, Message event, String msgId)
      throws Exception {
    publishRaw(
        subject,
        eventId,
        aggregate,
        version,
        event.getDescriptorForType().getFullName(),
        event.toByteArray(),
        msgId);
  }

  private static void publishRaw(
      String subject, UUID eventId, UUID aggregate, long version, String type, byte[] payload)
      throws Exception {
    publishRaw(subject, eventId, aggregate, version, type, payload, eventId.toString());
  }

  private static void publishRaw(
      String subject,
      UUID eventId,
      UUID aggregate,
      long version,
      String type,
      byte[] payload,
      String msgId)
      throws Exception {
    Headers headers =
        new Headers()
            .add("Nats-Msg-Id", msgId)
            .add("ce-specversion", "1.0")
            .add("ce-id", eventId.toString())
            .add("ce-source", subject.startsWith("support") ? "customer-support" : "telemetry")
            .add("ce-type", type)
            .add("ce-time", "2026-03-10T12:00:00Z")
            .add("ce-subject", aggregate.toString())
            .add("fieldops-aggregate-version", Long.toString(version))
            .add("content-type", "application/protobuf");
    jetStream.publish(
        NatsMessage.builder().subject(subject).headers(headers).data(payload).build());
  }

  // --- what the service stored --------------------------------------------------------------

  private static Result<Record> charges(String customer) {
    return service
        .database()
        .select()
        .from(table(name("unbilled_charge")))
        .where(field(name("customer_id")).eq(customer))
        .orderBy(field(name("source_reference")))
        .fetch();
  }

  private static int chargesFor(String sourceReference) {
    return service
        .database()
        .fetchCount(
            table(name("unbilled_charge")), field(name("source_reference")).eq(sourceReference));
  }

  private static boolean applied(String consumer, String eventId) {
    return service
        .database()
        .fetchExists(
            table(name("inbox_event")),
            field(name("consumer"))
                .eq(consumer)
                .and(field(name("event_id"), UUID.class).eq(UUID.fromString(eventId))));
  }

  private static int inboxRows(String consumer, UUID aggregate) {
    return service
        .database()
        .fetchCount(
            table(name("inbox_event")),
            field(name("consumer"))
                .eq(consumer)
                .and(field(name("aggregate_id")).eq(aggregate.toString())));
  }

  private static String reference(UUID device, String month) {
    return "telemetry.device/" + device + "/monitoring/" + month;
  }

  private static Timestamp time(String at) {
    Instant instant = Instant.parse(at);
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  private static String customer() {
    return "c-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
