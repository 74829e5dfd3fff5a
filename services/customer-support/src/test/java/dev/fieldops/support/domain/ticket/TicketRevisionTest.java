package dev.fieldops.support.domain.ticket;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.AGENT;
import static dev.fieldops.support.domain.ticket.TicketFixtures.OPENED_AT;
import static dev.fieldops.support.domain.ticket.TicketFixtures.SCHEDULER;
import static dev.fieldops.support.domain.ticket.TicketFixtures.customerOf;
import static dev.fieldops.support.domain.ticket.TicketFixtures.tickets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.support.domain.customer.SupportTier;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What a ticket's etag protects: its revision moves with the ticket's own fields, whoever changes
 * them, and stays when only the conversation or the SLA bookkeeping moves.
 */
class TicketRevisionTest {

  private final TicketFixtures fixtures = tickets();

  @Test
  void an_internal_note_by_automation_leaves_the_revision_a_person_read() {
    var ticket = fixtures.openTicketFor(ACME);
    long revision = ticket.revision();
    long version = ticket.version();

    ticket.addComment(
        CommentVisibility.INTERNAL,
        "Device details from telemetry: ...",
        fixtures.by(SCHEDULER, OPENED_AT.plus(Duration.ofMinutes(11))));

    assertThat(ticket.version()).isEqualTo(version + 1);
    assertThat(ticket.revision()).isEqualTo(revision);
  }

  @Test
  void a_reply_that_leaves_the_status_leaves_the_revision() {
    var ticket = fixtures.openTicketFor(ACME);
    long revision = ticket.revision();

    ticket.addComment(
        CommentVisibility.PUBLIC,
        "Is the door closed?",
        fixtures.by(AGENT, OPENED_AT.plus(Duration.ofMinutes(12))));
    ticket.addComment(
        CommentVisibility.PUBLIC,
        "Yes.",
        fixtures.by(customerOf(ACME), OPENED_AT.plus(Duration.ofMinutes(13))));

    assertThat(ticket.revision()).isEqualTo(revision);
  }

  @Test
  void the_first_staff_reply_that_opens_a_new_ticket_changes_the_revision() {
    var ticket = fixtures.newTicketFor(ACME);
    long revision = ticket.revision();

    ticket.addComment(
        CommentVisibility.PUBLIC,
        "We are on it.",
        fixtures.by(AGENT, OPENED_AT.plus(Duration.ofMinutes(5))));

    assertThat(ticket.status()).isEqualTo(TicketStatus.OPEN);
    assertThat(ticket.revision()).isEqualTo(revision + 1);
  }

  @Test
  void a_customer_reply_that_resumes_a_pending_ticket_changes_the_revision() {
    var ticket = fixtures.pendingTicketFor(ACME);
    long revision = ticket.revision();

    ticket.addComment(
        CommentVisibility.PUBLIC,
        "Here is the photo.",
        fixtures.by(customerOf(ACME), OPENED_AT.plus(Duration.ofMinutes(25))));

    assertThat(ticket.status()).isEqualTo(TicketStatus.OPEN);
    assertThat(ticket.revision()).isEqualTo(revision + 1);
  }

  @Test
  void a_breach_recorded_by_the_scan_leaves_the_revision() {
    var ticket = fixtures.newTicketFor(ACME);
    long revision = ticket.revision();
    long version = ticket.version();

    var breached =
        ticket.detectBreaches(fixtures.by(SCHEDULER, OPENED_AT.plus(Duration.ofDays(6))));

    assertThat(breached).isNotEmpty();
    assertThat(ticket.version()).isGreaterThan(version);
    assertThat(ticket.revision()).isEqualTo(revision);
  }

  @Test
  void an_escalation_by_automation_changes_the_revision() {
    var ticket = fixtures.newTicketFor(ACME, SupportTier.BASIC, TicketPriority.HIGH);
    long revision = ticket.revision();

    ticket.escalate(
        TicketPriority.URGENT,
        fixtures.policy(),
        fixtures.by(SCHEDULER, OPENED_AT.plus(Duration.ofMinutes(3))));

    assertThat(ticket.revision()).isEqualTo(revision + 1);
  }

  @Test
  void every_transition_and_edit_changes_the_revision_once() {
    var ticket = fixtures.newTicketFor(ACME);
    var later = OPENED_AT;

    ticket.assign(new Assignee("agent-ada"), fixtures.by(AGENT, later = later.plusSeconds(60)));
    ticket.edit(
        TicketEdit.nothing().withSubject("Freezer 3 alarm"),
        fixtures.policy(),
        fixtures.by(AGENT, later = later.plusSeconds(60)));
    ticket.markPending(fixtures.by(AGENT, later = later.plusSeconds(60)));
    ticket.resume(fixtures.by(AGENT, later = later.plusSeconds(60)));
    ticket.resolve(
        new Resolution("Seal replaced.", 30),
        SupportTier.BASIC,
        fixtures.by(AGENT, later = later.plusSeconds(60)));
    ticket.reopen(fixtures.by(AGENT, later = later.plusSeconds(60)));
    ticket.resolve(
        new Resolution("Seal replaced again.", 10),
        SupportTier.BASIC,
        fixtures.by(AGENT, later = later.plusSeconds(60)));
    ticket.close(fixtures.by(AGENT, later.plusSeconds(60)));

    assertThat(ticket.revision()).isEqualTo(9);
    assertThat(ticket.version()).isEqualTo(9);
  }

  @Test
  void the_revision_survives_storage() {
    var ticket = fixtures.openTicketFor(ACME);
    ticket.addComment(
        CommentVisibility.INTERNAL,
        "note",
        fixtures.by(SCHEDULER, OPENED_AT.plus(Duration.ofMinutes(11))));

    var restored = Ticket.restore(ticket.snapshot());

    assertThat(restored.revision()).isEqualTo(2);
    assertThat(restored.version()).isEqualTo(3);
  }
}
