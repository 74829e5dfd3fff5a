package dev.fieldops.invoicing.component;

import static dev.fieldops.invoicing.component.Requests.anyCustomer;
import static dev.fieldops.invoicing.component.Requests.draftDueAtIssue;
import static dev.fieldops.invoicing.component.Requests.eur;
import static dev.fieldops.invoicing.component.Requests.lineOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import com.google.protobuf.Timestamp;
import dev.fieldops.invoicing.v1.GetInvoiceRequest;
import dev.fieldops.invoicing.v1.Invoice;
import dev.fieldops.invoicing.v1.IssueInvoiceRequest;
import dev.fieldops.telemetry.v1.DeviceRegistered;
import dev.fieldops.test.TestEnvironment;
import dev.fieldops.test.time.TestClock;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Invoicing stopped across month boundaries and past an invoice's due time: when it comes back, its
 * jobs catch up at once (with their default intervals the monthly billing would otherwise wait an
 * hour and the overdue scan a minute), and each missed month and each overdue invoice is handled
 * exactly once.
 */
class CatchingUpAfterDowntimeIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void a_restarted_invoicing_bills_the_months_it_missed_and_flags_what_fell_due_at_once()
      throws Exception {
    var clock = TestClock.at("2026-01-15T10:00:00Z");
    var environment = TestEnvironment.create();
    try (var nats = Nats.connect(environment.nats().url())) {
      nats.jetStreamManagement()
          .addStream(
              StreamConfiguration.builder()
                  .name("TELEMETRY")
                  .subjects("telemetry.>")
                  .storageType(StorageType.Memory)
                  .build());
      var first = RunningInvoicing.startOn(environment, clock);
      String customer = anyCustomer();
      UUID device = UUID.randomUUID();
      publishRegistration(nats, device, customer, Instant.parse("2026-01-10T08:00:00Z"));
      await().atMost(WAIT).until(() -> chargesFor(first, reference(device, "2026-01")) == 1);
      Invoice draft =
          first.clerk().createInvoice(draftDueAtIssue(customer, lineOf(eur(10, 0)))).getInvoice();
      String invoiceId =
          first
              .clerk()
              .issueInvoice(
                  IssueInvoiceRequest.newBuilder().setInvoiceId(draft.getInvoiceId()).build())
              .getInvoice()
              .getInvoiceId();
      first.stopService();

      // Down from mid-January to April: no monthly run in February or March, no overdue scan.
      clock.set(Instant.parse("2026-04-02T09:00:00Z"));
      var second = RunningInvoicing.startOn(environment, clock);
      try {
        await()
            .atMost(WAIT)
            .until(
                () ->
                    chargesFor(second, reference(device, "2026-02")) == 1
                        && chargesFor(second, reference(device, "2026-03")) == 1
                        && chargesFor(second, reference(device, "2026-04")) == 1);
        await()
            .atMost(WAIT)
            .until(
                () ->
                    second
                        .clerk()
                        .getInvoice(GetInvoiceRequest.newBuilder().setInvoiceId(invoiceId).build())
                        .getInvoice()
                        .getOverdue());

        assertThat(chargesFor(second, reference(device, "2026-01"))).isEqualTo(1);
        assertThat(
                second
                    .database()
                    .fetchCount(
                        table(name("outbox_event")),
                        field(name("event_type"))
                            .eq("fieldops.invoicing.v1.InvoiceOverdue")
                            .and(field(name("aggregate_id")).eq(invoiceId))))
            .as("announced once")
            .isEqualTo(1);
      } finally {
        second.close();
      }
    }
  }

  private static void publishRegistration(
      io.nats.client.Connection nats, UUID device, String customer, Instant at) throws Exception {
    UUID eventId = UUID.randomUUID();
    var event =
        DeviceRegistered.newBuilder()
            .setEventId(eventId.toString())
            .setOccurTime(Timestamp.newBuilder().setSeconds(at.getEpochSecond()))
            .setAggregateVersion(1)
            .setCustomerId(customer)
            .setDeviceId(device.toString())
            .setDisplayName("Freezer 1")
            .build();
    Headers headers =
        new Headers()
            .add("Nats-Msg-Id", eventId.toString())
            .add("ce-specversion", "1.0")
            .add("ce-id", eventId.toString())
            .add("ce-source", "/fieldops/telemetry")
            .add("ce-type", DeviceRegistered.getDescriptor().getFullName())
            .add("ce-time", at.toString())
            .add("ce-subject", device.toString())
            .add("fieldops-aggregate-version", "1")
            .add("content-type", "application/protobuf");
    nats.jetStream()
        .publish(
            NatsMessage.builder()
                .subject("telemetry.device.registered")
                .headers(headers)
                .data(event.toByteArray())
                .build());
  }

  private static int chargesFor(RunningInvoicing service, String sourceReference) {
    return service
        .database()
        .fetchCount(
            table(name("unbilled_charge")), field(name("source_reference")).eq(sourceReference));
  }

  private static String reference(UUID device, String month) {
    return "telemetry.device/" + device + "/monitoring/" + month;
  }
}
