package dev.fieldops.support.component;

import static dev.fieldops.support.component.RunningSupport.uniqueCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.fieldops.support.v1.AddTicketCommentRequest;
import dev.fieldops.support.v1.AssignTicketRequest;
import dev.fieldops.support.v1.CloseTicketRequest;
import dev.fieldops.support.v1.CommentVisibility;
import dev.fieldops.support.v1.CreateTicketRequest;
import dev.fieldops.support.v1.CustomerSupportDetails;
import dev.fieldops.support.v1.CustomerSupportDetailsUpdated;
import dev.fieldops.support.v1.GetTicketRequest;
import dev.fieldops.support.v1.MarkTicketPendingRequest;
import dev.fieldops.support.v1.ReopenTicketRequest;
import dev.fieldops.support.v1.ResolveTicketRequest;
import dev.fieldops.support.v1.ResumeTicketRequest;
import dev.fieldops.support.v1.SlaTarget;
import dev.fieldops.support.v1.SupportTier;
import dev.fieldops.support.v1.Ticket;
import dev.fieldops.support.v1.TicketAssigned;
import dev.fieldops.support.v1.TicketChannel;
import dev.fieldops.support.v1.TicketClosed;
import dev.fieldops.support.v1.TicketComment;
import dev.fieldops.support.v1.TicketCommentAdded;
import dev.fieldops.support.v1.TicketOpened;
import dev.fieldops.support.v1.TicketPending;
import dev.fieldops.support.v1.TicketPriority;
import dev.fieldops.support.v1.TicketReopened;
import dev.fieldops.support.v1.TicketResolved;
import dev.fieldops.support.v1.TicketResumeCause;
import dev.fieldops.support.v1.TicketResumed;
import dev.fieldops.support.v1.TicketSlaBreached;
import dev.fieldops.support.v1.TicketUpdated;
import dev.fieldops.support.v1.UpdateCustomerSupportDetailsRequest;
import dev.fieldops.support.v1.UpdateTicketRequest;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.PushSubscribeOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a NATS subscriber of the SUPPORT stream sees: each change of a ticket or profile as one
 * message, in the order of the aggregate's versions, exactly once, with the CloudEvents headers and
 * a payload that the generated parser of its {@code ce-type} reads. The SLA scheduler runs with
 * short targets (BASIC × URGENT: 1 s / 2 s) and a 200 ms interval.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupportEventsIT {

  private static final Map<String, Parser<? extends Message>> PARSERS =
      Map.ofEntries(
          Map.entry("fieldops.support.v1.TicketOpened", TicketOpened.parser()),
          Map.entry("fieldops.support.v1.TicketUpdated", TicketUpdated.parser()),
          Map.entry("fieldops.support.v1.TicketAssigned", TicketAssigned.parser()),
          Map.entry("fieldops.support.v1.TicketCommentAdded", TicketCommentAdded.parser()),
          Map.entry("fieldops.support.v1.TicketPending", TicketPending.parser()),
          Map.entry("fieldops.support.v1.TicketResumed", TicketResumed.parser()),
          Map.entry("fieldops.support.v1.TicketResolved", TicketResolved.parser()),
          Map.entry("fieldops.support.v1.TicketClosed", TicketClosed.parser()),
          Map.entry("fieldops.support.v1.TicketReopened", TicketReopened.parser()),
          Map.entry("fieldops.support.v1.TicketSlaBreached", TicketSlaBreached.parser()),
          Map.entry(
              "fieldops.support.v1.CustomerSupportDetailsUpdated",
              CustomerSupportDetailsUpdated.parser()));

  /** One message as a subscriber received it. */
  record Received(String subject, Map<String, String> headers, Message payload) {

    String header(String name) {
      return headers.get(name);
    }

    String type() {
      return payload.getDescriptorForType().getName();
    }
  }

  private RunningSupport support;
  private Connection nats;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start() throws Exception {
    support =
        RunningSupport.start(
            Map.of("SUPPORT_SLA_BASIC_URGENT", "1s/2s", "SUPPORT_SLA_SCAN_INTERVAL", "200ms"));
    nats = Nats.connect(support.environment.nats().url());
    var dispatcher = nats.createDispatcher();
    nats.jetStream()
        .subscribe(
            "support.>",
            dispatcher,
            message -> {
              var headers = new java.util.HashMap<String, String>();
              message
                  .getHeaders()
                  .entrySet()
                  .forEach(e -> headers.put(e.getKey(), e.getValue().getFirst()));
              var type = headers.get("ce-type");
              try {
                received.add(
                    new Received(
                        message.getSubject(),
                        headers,
                        PARSERS.get(type).parseFrom(message.getData())));
              } catch (InvalidProtocolBufferException | NullPointerException e) {
                throw new AssertionError("undecodable " + type + " on " + message.getSubject(), e);
              }
            },
            false,
            PushSubscribeOptions.builder().ordered(true).build());
  }

  @AfterAll
  void stop() throws InterruptedException {
    nats.close();
    support.close();
  }

  private List<Received> eventsOf(String aggregateId) {
    return received.stream().filter(r -> aggregateId.equals(r.header("ce-subject"))).toList();
  }

  @Test
  void a_subscriber_receives_a_tickets_life_in_order_once_each_with_cloudevents_headers() {
    var customer = uniqueCustomer("acme");
    var agent = support.agent();
    var ticket = support.openTicket(customer);
    var id = ticket.getTicketId();
    agent.updateTicket(
        UpdateTicketRequest.newBuilder()
            .setTicket(
                Ticket.newBuilder()
                    .setTicketId(id)
                    .setPriority(TicketPriority.TICKET_PRIORITY_HIGH))
            .setUpdateMask(FieldMask.newBuilder().addPaths("priority"))
            .build());
    agent.assignTicket(
        AssignTicketRequest.newBuilder().setTicketId(id).setAssignee("agent-ada").build());
    agent.addTicketComment(
        AddTicketCommentRequest.newBuilder()
            .setRequestId(UUID.randomUUID().toString())
            .setTicketId(id)
            .setComment(
                TicketComment.newBuilder()
                    .setVisibility(CommentVisibility.COMMENT_VISIBILITY_PUBLIC)
                    .setBody("On it."))
            .build());
    agent.markTicketPending(MarkTicketPendingRequest.newBuilder().setTicketId(id).build());
    agent.resumeTicket(ResumeTicketRequest.newBuilder().setTicketId(id).build());
    agent.resolveTicket(
        ResolveTicketRequest.newBuilder()
            .setTicketId(id)
            .setResolution("Replaced the seal.")
            .setBillableMinutes(30)
            .build());
    agent.reopenTicket(
        ReopenTicketRequest.newBuilder().setTicketId(id).setReason("Warm again.").build());
    agent.resolveTicket(
        ResolveTicketRequest.newBuilder()
            .setTicketId(id)
            .setResolution("New compressor.")
            .setBillableMinutes(60)
            .build());
    agent.closeTicket(CloseTicketRequest.newBuilder().setTicketId(id).build());

    await().atMost(Duration.ofSeconds(15)).until(() -> eventsOf(id).size() >= 10);
    // Exactly once: nothing else arrives for this ticket.
    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(3))
        .until(() -> eventsOf(id).size() == 10);

    var events = eventsOf(id);
    assertThat(events)
        .extracting(Received::type)
        .containsExactly(
            "TicketOpened",
            "TicketUpdated",
            "TicketAssigned",
            "TicketCommentAdded",
            "TicketPending",
            "TicketResumed",
            "TicketResolved",
            "TicketReopened",
            "TicketResolved",
            "TicketClosed");
    assertThat(events)
        .extracting(Received::subject)
        .containsExactly(
            "support.ticket.opened",
            "support.ticket.updated",
            "support.ticket.assigned",
            "support.ticket.commented",
            "support.ticket.pending",
            "support.ticket.resumed",
            "support.ticket.resolved",
            "support.ticket.reopened",
            "support.ticket.resolved",
            "support.ticket.closed");
    for (int i = 0; i < events.size(); i++) {
      var event = events.get(i);
      var payload = event.payload();
      var fields = payload.getDescriptorForType();
      String eventId = (String) payload.getField(fields.findFieldByName("event_id"));
      long version = (long) payload.getField(fields.findFieldByName("aggregate_version"));
      assertThat(version).isEqualTo(i + 1);
      assertThat(event.header("ce-specversion")).isEqualTo("1.0");
      assertThat(event.header("ce-id")).isEqualTo(eventId);
      assertThat(event.header("Nats-Msg-Id")).isEqualTo(eventId);
      assertThat(event.header("ce-source")).isEqualTo("/fieldops/support");
      assertThat(event.header("ce-type")).isEqualTo(fields.getFullName());
      assertThat(Instant.parse(event.header("ce-time"))).isNotNull();
      assertThat(event.header("fieldops-aggregate-version")).isEqualTo(Long.toString(version));
      assertThat(event.header("content-type")).isEqualTo("application/protobuf");
      assertThat(payload.getField(fields.findFieldByName("ticket_id"))).isEqualTo(id);
      assertThat(payload.getField(fields.findFieldByName("customer_id"))).isEqualTo(customer);
    }
    assertThat(events).extracting(e -> e.header("ce-id")).doesNotHaveDuplicates();

    var opened = (TicketOpened) events.get(0).payload();
    assertThat(opened.getTicketNumber()).isEqualTo(ticket.getTicketNumber());
    assertThat(opened.getSupportTier()).isEqualTo(SupportTier.SUPPORT_TIER_BASIC);
    var updated = (TicketUpdated) events.get(1).payload();
    assertThat(updated.getPreviousPriority()).isEqualTo(TicketPriority.TICKET_PRIORITY_NORMAL);
    assertThat(updated.getPriority()).isEqualTo(TicketPriority.TICKET_PRIORITY_HIGH);
    var commented = (TicketCommentAdded) events.get(3).payload();
    assertThat(commented.getFirstResponse()).isTrue();
    assertThat(((TicketPending) events.get(4).payload()).getAssignee()).isEqualTo("agent-ada");
    var resumed = (TicketResumed) events.get(5).payload();
    assertThat(resumed.getCause()).isEqualTo(TicketResumeCause.TICKET_RESUME_CAUSE_STAFF);
    var firstFix = (TicketResolved) events.get(6).payload();
    var secondFix = (TicketResolved) events.get(8).payload();
    assertThat(firstFix.getBillableMinutes()).isEqualTo(30);
    assertThat(secondFix.getBillableMinutes()).isEqualTo(60);
    assertThat(secondFix.getTotalBillableMinutes()).isEqualTo(90);
    assertThat(secondFix.getSupportTier()).isEqualTo(SupportTier.SUPPORT_TIER_BASIC);
    assertThat(secondFix.getAssignee()).isEqualTo("agent-ada");
    assertThat(((TicketReopened) events.get(7).payload()).getReason()).isEqualTo("Warm again.");
  }

  @Test
  void a_profile_change_is_published_with_the_previous_tier() {
    var customer = uniqueCustomer("acme");
    var mask = FieldMask.newBuilder().addPaths("support_tier").build();
    for (var tier : List.of(SupportTier.SUPPORT_TIER_STANDARD, SupportTier.SUPPORT_TIER_PREMIUM)) {
      support
          .agent()
          .updateCustomerSupportDetails(
              UpdateCustomerSupportDetailsRequest.newBuilder()
                  .setDetails(
                      CustomerSupportDetails.newBuilder()
                          .setCustomerId(customer)
                          .setSupportTier(tier))
                  .setUpdateMask(mask)
                  .setAllowMissing(true)
                  .build());
    }

    await().atMost(Duration.ofSeconds(15)).until(() -> eventsOf(customer).size() >= 2);

    var events = eventsOf(customer);
    assertThat(events).extracting(Received::subject).containsOnly("support.customer.updated");
    var created = (CustomerSupportDetailsUpdated) events.get(0).payload();
    var upgraded = (CustomerSupportDetailsUpdated) events.get(1).payload();
    assertThat(created.getCreated()).isTrue();
    assertThat(created.getPreviousSupportTier()).isEqualTo(SupportTier.SUPPORT_TIER_UNSPECIFIED);
    assertThat(upgraded.getPreviousSupportTier()).isEqualTo(SupportTier.SUPPORT_TIER_STANDARD);
    assertThat(upgraded.getSupportTier()).isEqualTo(SupportTier.SUPPORT_TIER_PREMIUM);
    assertThat(upgraded.getChangedFields().getPathsList()).containsExactly("support_tier");
  }

  @Test
  void the_scheduler_publishes_each_breached_target_once() {
    var ticket =
        support
            .agent()
            .createTicket(
                CreateTicketRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString())
                    .setTicket(
                        Ticket.newBuilder()
                            .setCustomerId(uniqueCustomer("acme"))
                            .setSubject("Freezer alarm")
                            .setPriority(TicketPriority.TICKET_PRIORITY_URGENT)
                            .setChannel(TicketChannel.TICKET_CHANNEL_PHONE))
                    .build())
            .getTicket();
    var id = ticket.getTicketId();

    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                eventsOf(id).stream().filter(e -> e.type().equals("TicketSlaBreached")).count()
                    >= 2);
    // Several scans run in a second: still one event per target.
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> eventsOf(id).size() == 3);

    var breaches =
        eventsOf(id).stream()
            .filter(e -> e.type().equals("TicketSlaBreached"))
            .map(e -> (TicketSlaBreached) e.payload())
            .toList();
    assertThat(breaches)
        .extracting(TicketSlaBreached::getTarget)
        .containsExactly(SlaTarget.SLA_TARGET_FIRST_RESPONSE, SlaTarget.SLA_TARGET_RESOLUTION);
    assertThat(breaches.get(0).getDueTime()).isEqualTo(ticket.getSla().getFirstResponseDueTime());
    assertThat(breaches.get(1).getDueTime()).isEqualTo(ticket.getSla().getResolutionDueTime());
    assertThat(breaches)
        .extracting(TicketSlaBreached::getPriority)
        .containsOnly(TicketPriority.TICKET_PRIORITY_URGENT);
    var now =
        support
            .agent()
            .getTicket(GetTicketRequest.newBuilder().setTicketId(id).build())
            .getTicket();
    assertThat(now.getSla().getFirstResponseBreached()).isTrue();
    assertThat(now.getSla().getResolutionBreached()).isTrue();
    // Breaches are the SLA's bookkeeping, not a change of the ticket's own fields: an agent who
    // read the ticket before the scan still acts with the etag it read.
    assertThat(now.getEtag()).isEqualTo(ticket.getEtag());
  }
}
