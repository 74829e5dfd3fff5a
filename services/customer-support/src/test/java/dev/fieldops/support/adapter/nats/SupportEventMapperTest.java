package dev.fieldops.support.adapter.nats;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.OPENED_AT;
import static dev.fieldops.support.domain.ticket.TicketFixtures.PENDING_AFTER;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.fieldops.nats.outbox.OutboxEncoder;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.shared.SupportEvent;
import dev.fieldops.support.domain.ticket.CommentVisibility;
import dev.fieldops.support.domain.ticket.Resolution;
import dev.fieldops.support.domain.ticket.TicketFixtures;
import dev.fieldops.support.domain.ticket.TicketPriority;
import dev.fieldops.support.v1.TicketResolved;
import dev.fieldops.support.v1.TicketResumeCause;
import dev.fieldops.support.v1.TicketResumed;
import dev.fieldops.support.v1.TicketSlaBreached;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SupportEventMapperTest {

  private final TicketFixtures fixtures = TicketFixtures.tickets();
  private final OutboxEncoder<SupportEvent> mapper =
      new SupportEventMapper()
          .withTraceparent(
              () -> Optional.of("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));

  @Test
  void a_customer_reply_on_a_pending_ticket_publishes_the_comment_then_the_resume_with_the_pause() {
    var ticket = fixtures.pendingTicketFor(ACME);
    var replyAt = OPENED_AT.plus(PENDING_AFTER).plus(Duration.ofMinutes(45));
    ticket.addComment(
        CommentVisibility.PUBLIC,
        "The door is closed.",
        fixtures.by(TicketFixtures.customerOf(ACME), replyAt));

    var rows = mapper.encodeAll(ticket.pullEvents());

    assertThat(rows)
        .extracting(r -> r.subject())
        .containsExactly("support.ticket.commented", "support.ticket.resumed");
    assertThat(rows)
        .extracting(r -> r.eventType())
        .containsExactly(
            "fieldops.support.v1.TicketCommentAdded", "fieldops.support.v1.TicketResumed");
    assertThat(rows).extracting(r -> r.aggregateType()).containsOnly("ticket");
    assertThat(rows).extracting(r -> r.headers().get("traceparent")).doesNotContainNull();
    var resumed = parse(rows.get(1).payload());
    assertThat(resumed.getCause()).isEqualTo(TicketResumeCause.TICKET_RESUME_CAUSE_CUSTOMER_REPLY);
    assertThat(resumed.getPausedDuration().getSeconds()).isEqualTo(45 * 60);
  }

  @Test
  void a_late_resolution_is_published_after_its_breach_with_the_facts_of_that_moment()
      throws Exception {
    var ticket = fixtures.newTicketFor(ACME, SupportTier.PREMIUM, TicketPriority.URGENT);
    ticket.assign(
        new dev.fieldops.support.domain.ticket.Assignee("agent-ada"),
        fixtures.agentAfter(Duration.ofMinutes(5)));
    ticket.pullEvents();
    ticket.resolve(
        new Resolution("Replaced the compressor.", 120),
        SupportTier.PREMIUM,
        fixtures.agentAfter(Duration.ofHours(5)));

    var rows = mapper.encodeAll(ticket.pullEvents());

    assertThat(rows)
        .extracting(r -> r.subject())
        .containsExactly(
            "support.ticket.sla_breached",
            "support.ticket.sla_breached",
            "support.ticket.resolved");
    var resolutionBreach = TicketSlaBreached.parseFrom(rows.get(1).payload());
    assertThat(resolutionBreach.getAssignee()).isEqualTo("agent-ada");
    assertThat(resolutionBreach.getSupportTier())
        .isEqualTo(dev.fieldops.support.v1.SupportTier.SUPPORT_TIER_PREMIUM);
    var resolved = TicketResolved.parseFrom(rows.get(2).payload());
    assertThat(resolved.getResolutionBreached()).isTrue();
    assertThat(resolved.getBillableMinutes()).isEqualTo(120);
    assertThat(resolved.getTotalBillableMinutes()).isEqualTo(120);
    assertThat(rows).extracting(r -> r.aggregateVersion()).containsExactly(3L, 4L, 5L);
  }

  private static TicketResumed parse(byte[] payload) {
    try {
      return TicketResumed.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
