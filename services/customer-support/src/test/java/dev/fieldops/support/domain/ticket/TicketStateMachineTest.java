package dev.fieldops.support.domain.ticket;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.OTHER_AGENT;
import static dev.fieldops.support.domain.ticket.TicketFixtures.tickets;
import static dev.fieldops.support.domain.ticket.TicketStatus.CLOSED;
import static dev.fieldops.support.domain.ticket.TicketStatus.NEW;
import static dev.fieldops.support.domain.ticket.TicketStatus.OPEN;
import static dev.fieldops.support.domain.ticket.TicketStatus.PENDING;
import static dev.fieldops.support.domain.ticket.TicketStatus.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.shared.ChangeContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every move of every ticket status, allowed or not. The table is the state machine of the ticket's
 * Javadoc: an allowed move names the status it leads to, a forbidden one the reason it fails with.
 */
class TicketStateMachineTest {

  private final TicketFixtures fixtures = tickets();

  private static final Duration LATER = Duration.ofHours(1);

  private enum Move {
    ASSIGN((t, c) -> t.assign(new Assignee(OTHER_AGENT.subject()), c)),
    MARK_PENDING((t, c) -> t.markPending(c)),
    RESUME((t, c) -> t.resume(c)),
    RESOLVE((t, c) -> t.resolve(new Resolution("Reset the controller.", 10), SupportTier.BASIC, c)),
    CLOSE((t, c) -> t.close(c)),
    REOPEN((t, c) -> t.reopen(c)),
    EDIT(
        (t, c) ->
            t.edit(TicketEdit.nothing().withSubject("Freezer 3 alarm"), tickets().policy(), c)),
    ADD_INTERNAL_NOTE((t, c) -> t.addComment(CommentVisibility.INTERNAL, "Called the site.", c));

    final BiConsumer<Ticket, ChangeContext> apply;

    Move(BiConsumer<Ticket, ChangeContext> apply) {
      this.apply = apply;
    }
  }

  /** Either the status reached or the reason of the refusal. */
  private record Outcome(TicketStatus reached, String refusedWith) {
    static Outcome to(TicketStatus status) {
      return new Outcome(status, null);
    }

    static Outcome refused(String reason) {
      return new Outcome(null, reason);
    }

    @Override
    public String toString() {
      return reached != null ? "becomes " + reached : "is refused with " + refusedWith;
    }
  }

  private static final Map<Move, List<Outcome>> TABLE =
      Map.of(
          // from:          NEW, OPEN, PENDING, RESOLVED, CLOSED
          Move.ASSIGN,
          List.of(
              Outcome.to(OPEN),
              Outcome.to(OPEN),
              Outcome.to(PENDING),
              Outcome.to(RESOLVED),
              Outcome.refused("TICKET_ALREADY_CLOSED")),
          Move.MARK_PENDING,
          List.of(
              Outcome.refused("TICKET_NOT_OPEN"),
              Outcome.to(PENDING),
              Outcome.refused("TICKET_ALREADY_PENDING"),
              Outcome.refused("TICKET_ALREADY_RESOLVED"),
              Outcome.refused("TICKET_ALREADY_CLOSED")),
          Move.RESUME,
          List.of(
              Outcome.refused("TICKET_NOT_PENDING"),
              Outcome.refused("TICKET_NOT_PENDING"),
              Outcome.to(OPEN),
              Outcome.refused("TICKET_NOT_PENDING"),
              Outcome.refused("TICKET_ALREADY_CLOSED")),
          Move.RESOLVE,
          List.of(
              Outcome.refused("TICKET_NOT_OPEN"),
              Outcome.to(RESOLVED),
              Outcome.refused("TICKET_NOT_OPEN"),
              Outcome.refused("TICKET_ALREADY_RESOLVED"),
              Outcome.refused("TICKET_ALREADY_CLOSED")),
          Move.CLOSE,
          List.of(
              Outcome.refused("TICKET_NOT_RESOLVED"),
              Outcome.refused("TICKET_NOT_RESOLVED"),
              Outcome.refused("TICKET_NOT_RESOLVED"),
              Outcome.to(CLOSED),
              Outcome.refused("TICKET_ALREADY_CLOSED")),
          Move.REOPEN,
          List.of(
              Outcome.refused("TICKET_NOT_RESOLVED"),
              Outcome.refused("TICKET_NOT_RESOLVED"),
              Outcome.refused("TICKET_NOT_RESOLVED"),
              Outcome.to(OPEN),
              Outcome.refused("TICKET_ALREADY_CLOSED")),
          Move.EDIT,
          List.of(
              Outcome.to(NEW),
              Outcome.to(OPEN),
              Outcome.to(PENDING),
              Outcome.to(RESOLVED),
              Outcome.refused("TICKET_ALREADY_CLOSED")),
          Move.ADD_INTERNAL_NOTE,
          List.of(
              Outcome.to(NEW),
              Outcome.to(OPEN),
              Outcome.to(PENDING),
              Outcome.to(RESOLVED),
              Outcome.refused("TICKET_ALREADY_CLOSED")));

  static Stream<Arguments> everyMoveFromEveryStatus() {
    var cases = new ArrayList<Arguments>();
    for (var move : Move.values()) {
      for (var from : TicketStatus.values()) {
        cases.add(Arguments.of(from, move, TABLE.get(move).get(from.ordinal())));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{1} on a {0} ticket {2}")
  @MethodSource("everyMoveFromEveryStatus")
  void follows_the_published_state_machine(TicketStatus from, Move move, Outcome expected) {
    var ticket = fixtures.ticketIn(from, ACME);
    var versionBefore = ticket.version();
    var context = fixtures.agentAfter(TicketFixtures.CLOSED_AFTER.plus(LATER));

    if (expected.reached() != null) {
      move.apply.accept(ticket, context);

      assertThat(ticket.status()).isEqualTo(expected.reached());
      assertThat(ticket.version()).isGreaterThan(versionBefore);
      assertThat(ticket.pullEvents()).isNotEmpty();
    } else {
      var refusal =
          assertThatExceptionOfType(RuleViolationException.class)
              .isThrownBy(() -> move.apply.accept(ticket, context))
              .actual();

      assertThat(refusal.reason()).isEqualTo(expected.refusedWith());
      assertThat(refusal.metadata())
          .containsEntry("ticket_id", ticket.id().toString())
          .containsEntry("status", from.name());
      assertThat(ticket.status()).isEqualTo(from);
      assertThat(ticket.version()).isEqualTo(versionBefore);
      assertThat(ticket.pullEvents()).isEmpty();
    }
  }

  @Test
  void cannot_resolve_a_closed_ticket() {
    var ticket = fixtures.closedTicketFor(ACME);

    var refusal =
        assertThatExceptionOfType(RuleViolationException.class)
            .isThrownBy(
                () ->
                    ticket.resolve(
                        new Resolution("Again.", 5),
                        SupportTier.BASIC,
                        fixtures.agentAfter(Duration.ofHours(2))))
            .actual();

    assertThat(refusal.reason()).isEqualTo("TICKET_ALREADY_CLOSED");
  }

  @Test
  void a_closed_ticket_cannot_be_reopened() {
    var ticket = fixtures.closedTicketFor(ACME);

    var refusal =
        assertThatExceptionOfType(RuleViolationException.class)
            .isThrownBy(() -> ticket.reopen(fixtures.agentAfter(Duration.ofHours(2))))
            .actual();

    assertThat(refusal.reason()).isEqualTo("TICKET_ALREADY_CLOSED");
  }

  @Test
  void a_new_ticket_is_taken_up_before_it_is_resolved() {
    var ticket = fixtures.newTicketFor(ACME);

    var refusal =
        assertThatExceptionOfType(RuleViolationException.class)
            .isThrownBy(
                () ->
                    ticket.resolve(
                        new Resolution("Fixed remotely.", 5),
                        SupportTier.BASIC,
                        fixtures.agentAfter(Duration.ofHours(1))))
            .actual();

    assertThat(refusal.reason()).isEqualTo("TICKET_NOT_OPEN");
  }

  @Test
  void assigning_a_new_ticket_opens_it_and_records_who_owns_it() {
    var ticket = fixtures.newTicketFor(ACME);

    ticket.assign(new Assignee("agent-grace"), fixtures.agentAfter(Duration.ofMinutes(3)));

    assertThat(ticket.status()).isEqualTo(OPEN);
    assertThat(ticket.assignee()).contains(new Assignee("agent-grace"));
    assertThat(ticket.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            TicketEvent.TicketAssigned.class,
            assigned -> {
              assertThat(assigned.assignee()).isEqualTo(new Assignee("agent-grace"));
              assertThat(assigned.previousAssignee()).isEmpty();
              assertThat(assigned.status()).isEqualTo(OPEN);
            });
  }

  @Test
  void assigning_the_current_assignee_again_changes_nothing() {
    var ticket = fixtures.openTicketFor(ACME);
    var version = ticket.version();

    ticket.assign(ticket.assignee().orElseThrow(), fixtures.agentAfter(Duration.ofHours(1)));

    assertThat(ticket.version()).isEqualTo(version);
    assertThat(ticket.pullEvents()).isEmpty();
  }

  @Test
  void reassigning_remembers_the_previous_assignee() {
    var ticket = fixtures.openTicketFor(ACME);

    ticket.assign(new Assignee("agent-grace"), fixtures.agentAfter(Duration.ofHours(1)));

    assertThat(ticket.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            TicketEvent.TicketAssigned.class,
            assigned ->
                assertThat(assigned.previousAssignee())
                    .contains(new Assignee(TicketFixtures.AGENT.subject())));
  }
}
