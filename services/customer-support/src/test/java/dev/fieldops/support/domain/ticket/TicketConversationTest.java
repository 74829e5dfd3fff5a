package dev.fieldops.support.domain.ticket;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.AGENT;
import static dev.fieldops.support.domain.ticket.TicketFixtures.OPENED_AT;
import static dev.fieldops.support.domain.ticket.TicketFixtures.SCHEDULER;
import static dev.fieldops.support.domain.ticket.TicketFixtures.customerOf;
import static dev.fieldops.support.domain.ticket.TicketFixtures.tickets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketCommentAdded;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketResumed;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TicketConversationTest {

  private final TicketFixtures fixtures = tickets();
  private final Instant anHourLater = OPENED_AT.plus(Duration.ofHours(1));

  @Test
  void the_first_public_staff_reply_is_the_first_response_and_opens_a_new_ticket() {
    var ticket = fixtures.newTicketFor(ACME);

    var comment =
        ticket.addComment(
            CommentVisibility.PUBLIC, "We are on it.", fixtures.by(AGENT, anHourLater));

    assertThat(ticket.status()).isEqualTo(TicketStatus.OPEN);
    assertThat(ticket.sla().firstResponseTime()).contains(anHourLater);
    assertThat(ticket.pullAddedComments()).containsExactly(comment);
    assertThat(comment.author()).isEqualTo(AGENT);
    assertThat(comment.createTime()).isEqualTo(anHourLater);
    assertThat(ticket.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            TicketCommentAdded.class,
            added -> {
              assertThat(added.firstResponse()).isTrue();
              assertThat(added.status()).isEqualTo(TicketStatus.OPEN);
              assertThat(added.comment()).isEqualTo(comment);
            });
  }

  @Test
  void later_staff_replies_do_not_move_the_first_response() {
    var ticket = fixtures.newTicketFor(ACME);
    ticket.addComment(CommentVisibility.PUBLIC, "We are on it.", fixtures.by(AGENT, anHourLater));

    ticket.addComment(
        CommentVisibility.PUBLIC,
        "Technician booked.",
        fixtures.by(AGENT, anHourLater.plusSeconds(600)));

    assertThat(ticket.sla().firstResponseTime()).contains(anHourLater);
    assertThat(ticket.pullEvents())
        .map(TicketCommentAdded.class::cast)
        .extracting(TicketCommentAdded::firstResponse)
        .containsExactly(true, false);
  }

  @Test
  void an_internal_note_is_not_a_response_to_the_customer() {
    var ticket = fixtures.newTicketFor(ACME);

    ticket.addComment(
        CommentVisibility.INTERNAL, "Probably the seal.", fixtures.by(AGENT, anHourLater));

    assertThat(ticket.status()).isEqualTo(TicketStatus.NEW);
    assertThat(ticket.sla().firstResponseTime()).isEmpty();
  }

  @Test
  void an_automated_public_message_is_not_a_first_response() {
    var ticket = fixtures.newTicketFor(ACME);

    ticket.addComment(
        CommentVisibility.PUBLIC,
        "Your alert is being handled.",
        fixtures.by(SCHEDULER, anHourLater));

    assertThat(ticket.status()).isEqualTo(TicketStatus.NEW);
    assertThat(ticket.sla().firstResponseTime()).isEmpty();
  }

  @Test
  void a_customer_reply_resumes_a_pending_ticket() {
    var ticket = fixtures.pendingTicketFor(ACME);

    ticket.addComment(
        CommentVisibility.PUBLIC,
        "Here are the photos.",
        fixtures.by(customerOf(ACME), anHourLater));

    assertThat(ticket.status()).isEqualTo(TicketStatus.OPEN);
    assertThat(ticket.sla().isPaused()).isFalse();
    var events = ticket.pullEvents();
    assertThat(events).hasSize(2);
    assertThat(events.get(0))
        .isInstanceOfSatisfying(
            TicketCommentAdded.class,
            added -> assertThat(added.status()).isEqualTo(TicketStatus.PENDING));
    assertThat(events.get(1)).isInstanceOf(TicketResumed.class);
  }

  @Test
  void a_customer_reply_on_a_new_ticket_leaves_it_waiting_for_support() {
    var ticket = fixtures.newTicketFor(ACME);

    ticket.addComment(
        CommentVisibility.PUBLIC, "Any news?", fixtures.by(customerOf(ACME), anHourLater));

    assertThat(ticket.status()).isEqualTo(TicketStatus.NEW);
    assertThat(ticket.sla().firstResponseTime()).isEmpty();
  }

  @Test
  void a_staff_reply_on_a_pending_ticket_keeps_it_waiting() {
    var ticket = fixtures.pendingTicketFor(ACME);

    ticket.addComment(
        CommentVisibility.PUBLIC, "Reminder: photos?", fixtures.by(AGENT, anHourLater));

    assertThat(ticket.status()).isEqualTo(TicketStatus.PENDING);
    assertThat(ticket.sla().firstResponseTime()).contains(anHourLater);
  }

  @Test
  void a_comment_on_a_resolved_ticket_does_not_reopen_it() {
    var ticket = fixtures.resolvedTicketFor(ACME);

    ticket.addComment(
        CommentVisibility.PUBLIC, "Thanks!", fixtures.by(customerOf(ACME), anHourLater));

    assertThat(ticket.status()).isEqualTo(TicketStatus.RESOLVED);
  }

  @Test
  void a_closed_ticket_takes_no_more_comments() {
    var ticket = fixtures.closedTicketFor(ACME);

    var refusal =
        assertThatExceptionOfType(RuleViolationException.class)
            .isThrownBy(
                () ->
                    ticket.addComment(
                        CommentVisibility.PUBLIC, "Hello?", fixtures.by(AGENT, anHourLater)))
            .actual();

    assertThat(refusal.reason()).isEqualTo("TICKET_ALREADY_CLOSED");
  }

  @Test
  void an_empty_comment_is_refused() {
    var ticket = fixtures.openTicketFor(ACME);

    var invalid =
        assertThatExceptionOfType(InvalidInputException.class)
            .isThrownBy(
                () ->
                    ticket.addComment(
                        CommentVisibility.PUBLIC, " \n", fixtures.by(AGENT, anHourLater)))
            .actual();

    assertThat(invalid.reason()).isEqualTo("INVALID_COMMENT");
    assertThat(invalid.violations()).extracting(v -> v.field()).containsExactly("body");
    assertThat(ticket.pullAddedComments()).isEmpty();
  }
}
