package dev.fieldops.invoicing.component;

import static dev.fieldops.invoicing.component.Requests.anyCustomer;
import static dev.fieldops.invoicing.component.Requests.charge;
import static dev.fieldops.invoicing.component.Requests.draftDueAtIssue;
import static dev.fieldops.invoicing.component.Requests.eur;
import static dev.fieldops.invoicing.component.Requests.line;
import static dev.fieldops.invoicing.component.Requests.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.fieldops.invoicing.v1.ChargeRecorded;
import dev.fieldops.invoicing.v1.DraftInvoiceFromUnbilledChargesRequest;
import dev.fieldops.invoicing.v1.GetInvoiceRequest;
import dev.fieldops.invoicing.v1.Invoice;
import dev.fieldops.invoicing.v1.InvoiceIssued;
import dev.fieldops.invoicing.v1.InvoiceOverdue;
import dev.fieldops.invoicing.v1.InvoicePaid;
import dev.fieldops.invoicing.v1.InvoiceVoided;
import dev.fieldops.invoicing.v1.IssueInvoiceRequest;
import dev.fieldops.invoicing.v1.PaymentRecorded;
import dev.fieldops.invoicing.v1.UnbilledCharge;
import dev.fieldops.invoicing.v1.VoidInvoiceRequest;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Nats;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A JetStream subscriber of the INVOICING stream receives an invoice's life — issued, overdue (the
 * scheduler runs every 200 ms here and the invoice is due at issue), payment recorded, paid — each
 * event once, as protobuf with the CloudEvents headers of the platform.
 */
class EventsIT {

  private static RunningInvoicing service;
  private static Connection nats;

  @BeforeAll
  static void start() throws Exception {
    service = RunningInvoicing.start(Map.of("INVOICING_OVERDUE_SCAN_INTERVAL", "200ms"));
    nats = Nats.connect(service.environment.nats().url());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    nats.close();
    service.close();
  }

  @Test
  void
      a_subscriber_receives_issued_overdue_payment_recorded_and_paid_once_each_with_cloud_events_headers()
          throws Exception {
    JetStreamSubscription subscription =
        nats.jetStream()
            .subscribe(
                "invoicing.invoice.>",
                PushSubscribeOptions.builder().stream("INVOICING")
                    .configuration(
                        ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.All).build())
                    .build());
    String customer = anyCustomer();
    var request = draftDueAtIssue(customer, line("Support, 90 minutes", 90_000, eur(1, 50), 1900));
    Invoice draft =
        service
            .clerk()
            .createInvoice(
                request.toBuilder()
                    .setInvoice(request.getInvoice().toBuilder().setMemo("PO 4711"))
                    .build())
            .getInvoice();
    Invoice issued =
        service
            .clerk()
            .issueInvoice(
                IssueInvoiceRequest.newBuilder().setInvoiceId(draft.getInvoiceId()).build())
            .getInvoice();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                service
                    .clerk()
                    .getInvoice(
                        GetInvoiceRequest.newBuilder().setInvoiceId(issued.getInvoiceId()).build())
                    .getInvoice()
                    .getOverdue());
    var paid =
        service
            .clerk()
            .recordPayment(
                payment(issued.getInvoiceId(), issued.getTotal(), "bank-" + UUID.randomUUID()));
    awaitAllPublished(issued.getInvoiceId(), 4);

    List<io.nats.client.Message> received = new ArrayList<>();
    for (var message = subscription.nextMessage(Duration.ofSeconds(5));
        message != null;
        message = subscription.nextMessage(Duration.ofMillis(500))) {
      if (issued.getInvoiceId().equals(message.getHeaders().getFirst("ce-subject"))) {
        received.add(message);
      }
      message.ack();
    }

    assertThat(received)
        .extracting(io.nats.client.Message::getSubject)
        .containsExactly(
            "invoicing.invoice.issued", "invoicing.invoice.overdue",
            "invoicing.invoice.payment_recorded", "invoicing.invoice.paid");
    InvoiceIssued issuedEvent = decode(received.get(0), InvoiceIssued.parser());
    InvoiceOverdue overdueEvent = decode(received.get(1), InvoiceOverdue.parser());
    PaymentRecorded paymentEvent = decode(received.get(2), PaymentRecorded.parser());
    InvoicePaid paidEvent = decode(received.get(3), InvoicePaid.parser());

    assertThat(issuedEvent.getInvoiceNumber()).isEqualTo(issued.getInvoiceNumber());
    assertThat(issuedEvent.getCustomerId()).isEqualTo(customer);
    assertThat(issuedEvent.getTotal()).isEqualTo(issued.getTotal());
    assertThat(issuedEvent.getDueTime()).isEqualTo(issued.getDueTime());
    assertThat(issuedEvent.getLineCount()).isEqualTo(1);
    assertThat(issuedEvent.getMemo()).isEqualTo("PO 4711");
    assertThat(overdueEvent.getAmountDue()).isEqualTo(issued.getTotal());
    assertThat(paymentEvent.getAmount()).isEqualTo(issued.getTotal());
    assertThat(paymentEvent.getAmountDue()).isEqualTo(eur(0, 0));
    assertThat(paymentEvent.getReceiveTime()).isEqualTo(paid.getPayment().getReceiveTime());
    assertThat(paidEvent.getWasOverdue()).as("the money arrived after the due time").isTrue();
    assertThat(paidEvent.getPaidTime()).isEqualTo(paid.getInvoice().getPaidTime());
    assertThat(
            List.of(
                issuedEvent.getAggregateVersion(),
                overdueEvent.getAggregateVersion(),
                paymentEvent.getAggregateVersion(),
                paidEvent.getAggregateVersion()))
        .isSorted()
        .doesNotHaveDuplicates();

    List<Message> events = List.of(issuedEvent, overdueEvent, paymentEvent, paidEvent);
    for (int i = 0; i < received.size(); i++) {
      assertCloudEventsHeaders(received.get(i), events.get(i), issued.getInvoiceId());
    }
    subscription.unsubscribe();
  }

  @Test
  void a_recorded_charge_is_announced_with_its_amount() throws Exception {
    JetStreamSubscription subscription =
        nats.jetStream()
            .subscribe(
                "invoicing.charge.recorded",
                PushSubscribeOptions.builder().stream("INVOICING").build());
    String customer = anyCustomer();

    UnbilledCharge charge =
        service
            .clerk()
            .recordUnbilledCharge(
                charge(customer, eur(1, 50), Instant.parse("2026-03-02T09:00:00Z")))
            .getCharge();

    io.nats.client.Message message = null;
    for (var next = subscription.nextMessage(Duration.ofSeconds(10));
        next != null;
        next = subscription.nextMessage(Duration.ofSeconds(10))) {
      next.ack();
      if (charge.getChargeId().equals(next.getHeaders().getFirst("ce-subject"))) {
        message = next;
        break;
      }
    }
    assertThat(message).isNotNull();
    ChargeRecorded event = decode(message, ChargeRecorded.parser());
    assertThat(event.getCustomerId()).isEqualTo(customer);
    assertThat(event.getAmount()).isEqualTo(eur(67, 50));
    assertThat(event.getQuantityMilli()).isEqualTo(45_000);
    assertThat(event.getUnit()).isEqualTo("minute");
    assertCloudEventsHeaders(message, event, charge.getChargeId());
    subscription.unsubscribe();
  }

  private static void assertCloudEventsHeaders(
      io.nats.client.Message message, Message event, String aggregateId) {
    Headers headers = message.getHeaders();
    var fields = event.getDescriptorForType();
    String eventId = (String) event.getField(fields.findFieldByName("event_id"));
    long version = (Long) event.getField(fields.findFieldByName("aggregate_version"));
    assertThat(headers.getFirst("ce-specversion")).isEqualTo("1.0");
    assertThat(headers.getFirst("ce-id")).isEqualTo(eventId);
    assertThat(headers.getFirst("Nats-Msg-Id")).isEqualTo(eventId);
    assertThat(headers.getFirst("ce-source")).isEqualTo("/fieldops/invoicing");
    assertThat(headers.getFirst("ce-type")).isEqualTo(fields.getFullName());
    assertThat(Instant.parse(headers.getFirst("ce-time"))).isNotNull();
    assertThat(headers.getFirst("ce-subject")).isEqualTo(aggregateId);
    assertThat(headers.getFirst("fieldops-aggregate-version")).isEqualTo(Long.toString(version));
    assertThat(headers.getFirst("content-type")).isEqualTo("application/protobuf");
  }

  @Test
  void a_void_that_releases_the_charges_tells_subscribers_which_charges_are_unbilled_again()
      throws Exception {
    String customer = anyCustomer();
    UnbilledCharge first =
        service
            .clerk()
            .recordUnbilledCharge(
                charge(customer, eur(1, 0), Instant.parse("2026-03-02T09:00:00Z")))
            .getCharge();
    UnbilledCharge second =
        service
            .clerk()
            .recordUnbilledCharge(
                charge(customer, eur(1, 0), Instant.parse("2026-03-02T10:00:00Z")))
            .getCharge();
    Invoice drafted =
        service
            .clerk()
            .draftInvoiceFromUnbilledCharges(
                DraftInvoiceFromUnbilledChargesRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString())
                    .setCustomerId(customer)
                    .setCurrencyCode("EUR")
                    .build())
            .getInvoice();
    Invoice issued =
        service
            .clerk()
            .issueInvoice(
                IssueInvoiceRequest.newBuilder().setInvoiceId(drafted.getInvoiceId()).build())
            .getInvoice();
    JetStreamSubscription subscription =
        nats.jetStream()
            .subscribe(
                "invoicing.invoice.voided",
                PushSubscribeOptions.builder().stream("INVOICING").build());

    service
        .clerk()
        .voidInvoice(
            VoidInvoiceRequest.newBuilder()
                .setInvoiceId(issued.getInvoiceId())
                .setReason("billed the wrong month")
                .setReleaseCharges(true)
                .build());
    awaitAllPublished(issued.getInvoiceId(), 2);

    io.nats.client.Message message = null;
    for (var next = subscription.nextMessage(Duration.ofSeconds(10));
        next != null;
        next = subscription.nextMessage(Duration.ofSeconds(10))) {
      next.ack();
      if (issued.getInvoiceId().equals(next.getHeaders().getFirst("ce-subject"))) {
        message = next;
        break;
      }
    }
    assertThat(message).isNotNull();
    InvoiceVoided voided = decode(message, InvoiceVoided.parser());
    assertThat(voided.getChargesReleased()).isTrue();
    assertThat(voided.getReleasedChargeIdsList())
        .containsExactlyElementsOf(
            java.util.stream.Stream.of(first.getChargeId(), second.getChargeId())
                .sorted()
                .toList());
    InvoiceIssued issuedEvent =
        InvoiceIssued.parseFrom(
            service
                .database()
                .fetchOne(
                    "select payload from outbox_event where aggregate_id = ? and subject = 'invoicing.invoice.issued'",
                    issued.getInvoiceId())
                .get(0, byte[].class));
    assertThat(issuedEvent.getChargeIdsList())
        .containsExactlyInAnyOrder(first.getChargeId(), second.getChargeId());
    subscription.unsubscribe();
  }

  private static void awaitAllPublished(String invoiceId, int events) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                service
                            .database()
                            .fetchCount(
                                org.jooq.impl.DSL.table("outbox_event"),
                                org.jooq
                                    .impl
                                    .DSL
                                    .field("aggregate_id")
                                    .eq(invoiceId)
                                    .and(org.jooq.impl.DSL.field("published_time").isNull()))
                        == 0
                    && service
                            .database()
                            .fetchCount(
                                org.jooq.impl.DSL.table("outbox_event"),
                                org.jooq.impl.DSL.field("aggregate_id").eq(invoiceId))
                        == events);
  }

  private static <M extends Message> M decode(
      io.nats.client.Message message, com.google.protobuf.Parser<M> parser)
      throws InvalidProtocolBufferException {
    return parser.parseFrom(message.getData());
  }
}
