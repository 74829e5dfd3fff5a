package dev.fieldops.support.domain.ticket;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.SCHEDULER;
import static dev.fieldops.support.domain.ticket.TicketFixtures.tickets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketUpdated;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TicketEscalationTest {

  private final TicketFixtures fixtures = tickets();

  private Instant later() {
    return TicketFixtures.OPENED_AT.plus(Duration.ofMinutes(5));
  }

  @Test
  void escalating_raises_the_priority_and_tightens_the_sla() {
    var ticket = fixtures.newTicketFor(ACME, SupportTier.STANDARD, TicketPriority.HIGH);
    ticket.pullEvents();
    var before = ticket.sla().resolutionDue();

    ticket.escalate(TicketPriority.URGENT, fixtures.policy(), fixtures.by(SCHEDULER, later()));

    assertThat(ticket.priority()).isEqualTo(TicketPriority.URGENT);
    assertThat(ticket.sla().resolutionDue()).isBefore(before);
    var events = ticket.pullEvents();
    assertThat(events).singleElement().isInstanceOf(TicketUpdated.class);
    var updated = (TicketUpdated) events.getFirst();
    assertThat(updated.changedFields()).isEqualTo(Set.of(TicketField.PRIORITY));
    assertThat(updated.actor()).isEqualTo(SCHEDULER);
  }

  @Test
  void escalating_never_lowers_a_priority_staff_chose() {
    var ticket = fixtures.newTicketFor(ACME, SupportTier.STANDARD, TicketPriority.URGENT);
    ticket.pullEvents();

    ticket.escalate(TicketPriority.HIGH, fixtures.policy(), fixtures.by(SCHEDULER, later()));
    ticket.escalate(TicketPriority.URGENT, fixtures.policy(), fixtures.by(SCHEDULER, later()));

    assertThat(ticket.priority()).isEqualTo(TicketPriority.URGENT);
    assertThat(ticket.pullEvents()).isEmpty();
    assertThat(ticket.version()).isEqualTo(1);
  }

  @Test
  void a_closed_ticket_cannot_be_escalated() {
    var ticket = fixtures.closedTicketFor(ACME);

    var refused =
        assertThatExceptionOfType(RuleViolationException.class)
            .isThrownBy(
                () ->
                    ticket.escalate(
                        TicketPriority.URGENT, fixtures.policy(), fixtures.by(SCHEDULER, later())))
            .actual();

    assertThat(refused.reason()).isEqualTo("TICKET_ALREADY_CLOSED");
  }
}
