package dev.fieldops.support.application.command;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.draftFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.support.application.Principals;
import dev.fieldops.support.application.TestApplication;
import dev.fieldops.support.application.query.TicketView;
import dev.fieldops.support.application.shared.SupportAccess;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsField;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsValues;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.shared.RecordedEvent;
import dev.fieldops.support.domain.ticket.Assignee;
import dev.fieldops.support.domain.ticket.CommentVisibility;
import dev.fieldops.support.domain.ticket.TicketEdit;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketResolved;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketPriority;
import dev.fieldops.support.domain.ticket.TicketStatus;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The ticket commands carried out by support staff, through the handlers and fake stores. */
class TicketCommandHandlersTest {

  private final TestApplication app = new TestApplication();
  private final ExpectedVersion anyVersion = ExpectedVersion.any();

  private TicketView newTicket() {
    return app.createTicket.handle(new CreateTicket(Principals.supportAgent(), draftFor(ACME)));
  }

  private java.util.List<String> eventsOf(TicketId id) {
    return app.store.outbox.eventsOf(id.toString()).stream()
        .map(RecordedEvent::of)
        .map(RecordedEvent::typeAtVersion)
        .toList();
  }

  @Test
  void a_ticket_goes_through_its_whole_life_and_every_step_is_announced() {
    var agent = Principals.supportAgent();
    var id = newTicket().ticketId();
    app.clock.advance(Duration.ofMinutes(5));

    var assigned =
        app.assignTicket.handle(new AssignTicket(agent, id, new Assignee("agent-ada"), anyVersion));
    app.addComment.handle(
        new AddTicketComment(agent, id, CommentVisibility.PUBLIC, "We are on it."));
    var pending = app.markPending.handle(new MarkTicketPending(agent, id, anyVersion));
    app.clock.advance(Duration.ofHours(1));
    var resumed = app.resumeTicket.handle(new ResumeTicket(agent, id, anyVersion));
    var edited =
        app.updateTicket.handle(
            new UpdateTicket(
                agent, id, TicketEdit.nothing().withPriority(TicketPriority.HIGH), anyVersion));
    var resolved =
        app.resolveTicket.handle(
            new ResolveTicket(agent, id, "Reset the controller.", 20, anyVersion));
    var reopened = app.reopenTicket.handle(new ReopenTicket(agent, id, anyVersion));
    app.resolveTicket.handle(
        new ResolveTicket(agent, id, "Replaced the controller.", 60, anyVersion));
    var closed = app.closeTicket.handle(new CloseTicket(agent, id, anyVersion));

    assertThat(assigned.status()).isEqualTo(TicketStatus.OPEN);
    assertThat(pending.status()).isEqualTo(TicketStatus.PENDING);
    assertThat(pending.sla().paused()).isTrue();
    assertThat(resumed.sla().paused()).isFalse();
    assertThat(edited.priority()).isEqualTo(TicketPriority.HIGH);
    assertThat(resolved.status()).isEqualTo(TicketStatus.RESOLVED);
    assertThat(reopened.status()).isEqualTo(TicketStatus.OPEN);
    assertThat(closed.status()).isEqualTo(TicketStatus.CLOSED);
    assertThat(closed.billableMinutes()).isEqualTo(80);
    assertThat(closed.resolution()).contains("Replaced the controller.");
    assertThat(closed.closeTime()).contains(app.clock.instant());
    assertThat(eventsOf(id))
        .containsExactly(
            "TicketOpened@1",
            "TicketAssigned@2",
            "TicketCommentAdded@3",
            "TicketPending@4",
            "TicketResumed@5",
            "TicketUpdated@6",
            "TicketResolved@7",
            "TicketReopened@8",
            "TicketResolved@9",
            "TicketClosed@10");
    // Ten events, nine changes of the ticket's own fields: the comment (on a ticket already OPEN)
    // does not change the etag.
    assertThat(closed.revision()).isEqualTo(9);
  }

  @Test
  void a_stale_etag_changes_nothing() {
    var agent = Principals.supportAgent();
    var ticket = newTicket();
    app.updateTicket.handle(
        new UpdateTicket(
            agent,
            ticket.ticketId(),
            TicketEdit.nothing().withSubject("Freezer 3 alarm"),
            anyVersion));

    var conflict =
        assertThatExceptionOfType(ConcurrencyConflictException.class)
            .isThrownBy(
                () ->
                    app.assignTicket.handle(
                        new AssignTicket(
                            agent,
                            ticket.ticketId(),
                            new Assignee("agent-ada"),
                            ExpectedVersion.of(ticket.revision()))))
            .actual();

    assertThat(conflict.reason()).isEqualTo("ETAG_MISMATCH");
    assertThat(conflict.metadata()).containsEntry("ticket_id", ticket.ticketId().toString());
    var now = app.store.tickets.find(ticket.ticketId(), CustomerScope.unrestricted()).orElseThrow();
    assertThat(now.status()).isEqualTo(TicketStatus.NEW);
    assertThat(eventsOf(ticket.ticketId())).containsExactly("TicketOpened@1", "TicketUpdated@2");
  }

  @Test
  void a_note_of_supports_automation_does_not_make_an_agents_next_action_fail() {
    var agent = Principals.supportAgent();
    var ticket = newTicket();
    var assigned =
        app.assignTicket.handle(
            new AssignTicket(
                agent, ticket.ticketId(), new Assignee("agent-ada"), ExpectedVersion.any()));

    app.addComment.handle(
        new AddTicketComment(
            SupportAccess.AUTOMATION,
            ticket.ticketId(),
            CommentVisibility.INTERNAL,
            "Device details from telemetry: Freezer 1, back room"));
    var resolved =
        app.resolveTicket.handle(
            new ResolveTicket(
                agent,
                ticket.ticketId(),
                "Door seal replaced.",
                45,
                ExpectedVersion.of(assigned.revision())));

    assertThat(resolved.status()).isEqualTo(TicketStatus.RESOLVED);
    assertThat(resolved.revision()).isEqualTo(assigned.revision() + 1);
  }

  @Test
  void an_escalation_by_automation_makes_an_agents_stale_etag_fail() {
    var agent = Principals.supportAgent();
    var ticket = newTicket();

    app.escalateTicket.handle(
        new EscalateTicket(SupportAccess.AUTOMATION, ticket.ticketId(), TicketPriority.URGENT));
    var conflict =
        assertThatExceptionOfType(ConcurrencyConflictException.class)
            .isThrownBy(
                () ->
                    app.assignTicket.handle(
                        new AssignTicket(
                            agent,
                            ticket.ticketId(),
                            new Assignee("agent-ada"),
                            ExpectedVersion.of(ticket.revision()))))
            .actual();

    assertThat(conflict.reason()).isEqualTo("ETAG_MISMATCH");
  }

  @Test
  void the_current_etag_lets_the_change_through() {
    var ticket = newTicket();

    var assigned =
        app.assignTicket.handle(
            new AssignTicket(
                Principals.supportAgent(),
                ticket.ticketId(),
                new Assignee("agent-ada"),
                ExpectedVersion.of(ticket.revision())));

    assertThat(assigned.revision()).isEqualTo(ticket.revision() + 1);
  }

  @Test
  void a_move_the_state_forbids_fails_with_its_rule_and_changes_nothing() {
    var ticket = newTicket();

    var refusal =
        assertThatExceptionOfType(RuleViolationException.class)
            .isThrownBy(
                () ->
                    app.closeTicket.handle(
                        new CloseTicket(Principals.supportAgent(), ticket.ticketId(), anyVersion)))
            .actual();

    assertThat(refusal.reason()).isEqualTo("TICKET_NOT_RESOLVED");
    assertThat(eventsOf(ticket.ticketId())).containsExactly("TicketOpened@1");
  }

  @Test
  void resolving_reports_the_tier_the_customer_has_at_resolution() {
    var agent = Principals.supportAgent();
    var ticket = newTicket(); // opened while ACME had no profile: BASIC
    app.assignTicket.handle(
        new AssignTicket(agent, ticket.ticketId(), new Assignee("agent-ada"), anyVersion));
    app.updateCustomer.handle(
        new UpdateCustomerSupportDetails(
            agent,
            ACME,
            CustomerSupportDetailsValues.none().withSupportTier(SupportTier.PREMIUM),
            EnumSet.of(CustomerSupportDetailsField.SUPPORT_TIER),
            true,
            anyVersion));

    app.resolveTicket.handle(
        new ResolveTicket(agent, ticket.ticketId(), "Replaced the seal.", 45, anyVersion));

    assertThat(app.store.outbox.eventsOfType(TicketResolved.class))
        .singleElement()
        .satisfies(
            resolved -> {
              assertThat(resolved.supportTier()).isEqualTo(SupportTier.PREMIUM);
              assertThat(resolved.billableMinutes()).isEqualTo(45);
            });
  }

  @Test
  void an_unknown_ticket_is_not_found() {
    var unknown = new TicketId(UUID.fromString("0190d7a2-0000-7000-8000-00000000ffff"));

    var notFound =
        assertThatExceptionOfType(NotFoundException.class)
            .isThrownBy(
                () ->
                    app.reopenTicket.handle(
                        new ReopenTicket(Principals.admin(), unknown, anyVersion)))
            .actual();

    assertThat(notFound.reason()).isEqualTo("TICKET_NOT_FOUND");
    assertThat(notFound.metadata()).containsEntry("ticket_id", unknown.toString());
  }

  @Test
  void the_author_of_a_comment_is_the_caller() {
    var ticket = newTicket();

    var comment =
        app.addComment.handle(
            new AddTicketComment(
                Principals.admin(), ticket.ticketId(), CommentVisibility.INTERNAL, "Escalate."));

    assertThat(comment.author().subject()).isEqualTo("admin-alan");
    assertThat(comment.ticketId()).isEqualTo(ticket.ticketId());
    assertThat(comment.createTime()).isEqualTo(app.clock.instant());
  }
}
