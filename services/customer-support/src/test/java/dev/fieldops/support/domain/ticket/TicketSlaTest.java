package dev.fieldops.support.domain.ticket;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.AGENT;
import static dev.fieldops.support.domain.ticket.TicketFixtures.OPENED_AT;
import static dev.fieldops.support.domain.ticket.TicketFixtures.SCHEDULER;
import static dev.fieldops.support.domain.ticket.TicketFixtures.customerOf;
import static dev.fieldops.support.domain.ticket.TicketFixtures.tickets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketCommentAdded;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketPending;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketResolved;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketResumed;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketSlaBreached;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketUpdated;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TicketSlaTest {

  private final TicketFixtures fixtures = tickets();

  private static Instant after(Duration duration) {
    return OPENED_AT.plus(duration);
  }

  private static Duration minutes(long n) {
    return Duration.ofMinutes(n);
  }

  private static Duration hours(long n) {
    return Duration.ofHours(n);
  }

  private Ticket premiumUrgentTicket() {
    // PREMIUM × URGENT: first response in 15 min, resolution in 4 h
    return fixtures.newTicketFor(ACME, SupportTier.PREMIUM, TicketPriority.URGENT);
  }

  @Test
  void due_times_come_from_the_customers_tier_and_the_priority_at_opening() {
    var premiumUrgent = premiumUrgentTicket();
    var basicLow = fixtures.newTicketFor(ACME, SupportTier.BASIC, TicketPriority.LOW);

    assertThat(premiumUrgent.sla().firstResponseDue()).isEqualTo(after(minutes(15)));
    assertThat(premiumUrgent.sla().resolutionDue()).isEqualTo(after(hours(4)));
    assertThat(basicLow.sla().firstResponseDue()).isEqualTo(after(hours(24)));
    assertThat(basicLow.sla().resolutionDue()).isEqualTo(after(Duration.ofDays(10)));
    assertThat(premiumUrgent.sla().isRunning()).isTrue();
  }

  @Test
  void the_clock_pauses_while_pending_and_due_times_move_by_the_pause() {
    var ticket = premiumUrgentTicket();
    ticket.assign(new Assignee("agent-ada"), fixtures.by(AGENT, after(minutes(5))));
    ticket.markPending(fixtures.by(AGENT, after(minutes(10))));

    assertThat(ticket.sla().isPaused()).isTrue();
    assertThat(ticket.sla().pausedSince()).contains(after(minutes(10)));

    ticket.resume(fixtures.by(AGENT, after(minutes(10).plus(hours(2)))));

    assertThat(ticket.sla().isPaused()).isFalse();
    assertThat(ticket.sla().firstResponseDue()).isEqualTo(after(minutes(15).plus(hours(2))));
    assertThat(ticket.sla().resolutionDue()).isEqualTo(after(hours(4).plus(hours(2))));
    assertThat(ticket.pullEvents())
        .last()
        .isInstanceOfSatisfying(
            TicketResumed.class,
            resumed -> {
              assertThat(resumed.firstResponseDue()).isEqualTo(ticket.sla().firstResponseDue());
              assertThat(resumed.resolutionDue()).isEqualTo(ticket.sla().resolutionDue());
            });
  }

  @Test
  void a_paused_clock_does_not_breach_however_long_the_customer_takes() {
    var ticket = premiumUrgentTicket();
    ticket.assign(new Assignee("agent-ada"), fixtures.by(AGENT, after(minutes(5))));
    ticket.markPending(fixtures.by(AGENT, after(minutes(10))));
    ticket.pullEvents();

    var breached = ticket.detectBreaches(fixtures.by(SCHEDULER, after(Duration.ofDays(3))));

    assertThat(breached).isEmpty();
    assertThat(ticket.sla().isBreachedAt(SlaTarget.FIRST_RESPONSE, after(Duration.ofDays(3))))
        .isFalse();
    assertThat(ticket.pullEvents()).isEmpty();
  }

  @Test
  void a_customer_reply_resumes_the_clock_too() {
    var ticket = premiumUrgentTicket();
    ticket.assign(new Assignee("agent-ada"), fixtures.by(AGENT, after(minutes(5))));
    ticket.markPending(fixtures.by(AGENT, after(minutes(10))));

    ticket.addComment(
        CommentVisibility.PUBLIC,
        "Photos attached.",
        fixtures.by(customerOf(ACME), after(hours(1))));

    assertThat(ticket.sla().isRunning()).isTrue();
    assertThat(ticket.sla().resolutionDue()).isEqualTo(after(hours(4).plus(minutes(50))));
  }

  @Test
  void the_first_response_stops_the_first_response_clock() {
    var ticket = premiumUrgentTicket();
    ticket.addComment(CommentVisibility.PUBLIC, "On it.", fixtures.by(AGENT, after(minutes(10))));
    ticket.pullEvents();

    var breached = ticket.detectBreaches(fixtures.by(SCHEDULER, after(hours(1))));

    assertThat(breached).isEmpty();
    assertThat(ticket.sla().isMet(SlaTarget.FIRST_RESPONSE)).isTrue();
    assertThat(ticket.sla().isBreached(SlaTarget.FIRST_RESPONSE)).isFalse();
  }

  @Test
  void a_breach_is_detected_once_per_target() {
    var ticket = premiumUrgentTicket();

    var firstScan = ticket.detectBreaches(fixtures.by(SCHEDULER, after(minutes(16))));
    var secondScan = ticket.detectBreaches(fixtures.by(SCHEDULER, after(minutes(30))));
    var thirdScan = ticket.detectBreaches(fixtures.by(SCHEDULER, after(hours(5))));
    var fourthScan = ticket.detectBreaches(fixtures.by(SCHEDULER, after(hours(6))));

    assertThat(firstScan).containsExactly(SlaTarget.FIRST_RESPONSE);
    assertThat(secondScan).isEmpty();
    assertThat(thirdScan).containsExactly(SlaTarget.RESOLUTION);
    assertThat(fourthScan).isEmpty();
    assertThat(ticket.sla().breached())
        .containsExactlyInAnyOrder(SlaTarget.FIRST_RESPONSE, SlaTarget.RESOLUTION);
    assertThat(ticket.pullEvents())
        .map(TicketSlaBreached.class::cast)
        .satisfiesExactly(
            fr -> {
              assertThat(fr.target()).isEqualTo(SlaTarget.FIRST_RESPONSE);
              assertThat(fr.dueTime()).isEqualTo(after(minutes(15)));
              assertThat(fr.occurTime()).isEqualTo(after(minutes(16)));
              assertThat(fr.actor()).isEqualTo(SCHEDULER);
            },
            resolution -> {
              assertThat(resolution.target()).isEqualTo(SlaTarget.RESOLUTION);
              assertThat(resolution.dueTime()).isEqualTo(after(hours(4)));
            });
  }

  @Test
  void exactly_at_the_due_time_a_target_is_not_yet_breached() {
    var ticket = premiumUrgentTicket();

    assertThat(ticket.detectBreaches(fixtures.by(SCHEDULER, after(minutes(15))))).isEmpty();
    assertThat(ticket.detectBreaches(fixtures.by(SCHEDULER, after(minutes(15)).plusMillis(1))))
        .containsExactly(SlaTarget.FIRST_RESPONSE);
  }

  @Test
  void both_targets_overdue_at_once_are_both_recorded() {
    var ticket = premiumUrgentTicket();

    assertThat(ticket.detectBreaches(fixtures.by(SCHEDULER, after(hours(5)))))
        .containsExactly(SlaTarget.FIRST_RESPONSE, SlaTarget.RESOLUTION);
  }

  @Test
  void a_late_first_response_records_the_breach_no_scan_saw() {
    var ticket = premiumUrgentTicket();

    ticket.addComment(
        CommentVisibility.PUBLIC, "Sorry for the wait.", fixtures.by(AGENT, after(minutes(30))));

    assertThat(ticket.sla().isBreached(SlaTarget.FIRST_RESPONSE)).isTrue();
    assertThat(ticket.sla().firstResponseTime()).contains(after(minutes(30)));
    assertThat(ticket.pullEvents())
        .satisfiesExactly(
            breach -> assertThat(breach).isInstanceOf(TicketSlaBreached.class),
            comment -> assertThat(comment).isInstanceOf(TicketCommentAdded.class));
    assertThat(ticket.detectBreaches(fixtures.by(SCHEDULER, after(minutes(45))))).isEmpty();
  }

  @Test
  void pausing_an_overdue_ticket_records_its_breach_first() {
    var ticket = premiumUrgentTicket();
    ticket.assign(new Assignee("agent-ada"), fixtures.by(AGENT, after(minutes(5))));
    ticket.pullEvents();

    ticket.markPending(fixtures.by(AGENT, after(minutes(20))));

    assertThat(ticket.pullEvents())
        .satisfiesExactly(
            breach ->
                assertThat(breach)
                    .isInstanceOfSatisfying(
                        TicketSlaBreached.class,
                        b -> assertThat(b.target()).isEqualTo(SlaTarget.FIRST_RESPONSE)),
            pending -> assertThat(pending).isInstanceOf(TicketPending.class));
  }

  @Test
  void resolving_late_records_the_resolution_breach() {
    var ticket = premiumUrgentTicket();
    ticket.addComment(CommentVisibility.PUBLIC, "On it.", fixtures.by(AGENT, after(minutes(5))));
    ticket.pullEvents();

    ticket.resolve(
        new Resolution("Fixed.", 30), SupportTier.PREMIUM, fixtures.by(AGENT, after(hours(5))));

    assertThat(ticket.pullEvents())
        .satisfiesExactly(
            breach ->
                assertThat(breach)
                    .isInstanceOfSatisfying(
                        TicketSlaBreached.class,
                        b -> assertThat(b.target()).isEqualTo(SlaTarget.RESOLUTION)),
            resolved -> assertThat(resolved).isInstanceOf(TicketResolved.class));
    assertThat(ticket.sla().isStopped()).isTrue();
    assertThat(ticket.sla().isPaused()).isFalse();
  }

  @Test
  void time_spent_resolved_does_not_count_after_a_reopen() {
    var ticket = premiumUrgentTicket();
    ticket.addComment(CommentVisibility.PUBLIC, "On it.", fixtures.by(AGENT, after(minutes(5))));
    ticket.resolve(
        new Resolution("Fixed.", 30), SupportTier.PREMIUM, fixtures.by(AGENT, after(hours(1))));

    ticket.reopen(fixtures.by(AGENT, after(Duration.ofDays(2))));

    assertThat(ticket.sla().isRunning()).isTrue();
    assertThat(ticket.sla().resolutionDue())
        .isEqualTo(after(hours(4)).plus(Duration.ofDays(2).minus(hours(1))));
    assertThat(ticket.sla().firstResponseDue()).isEqualTo(after(minutes(15)));
  }

  @Test
  void a_higher_priority_moves_open_due_times_earlier() {
    // BASIC × NORMAL is 8 h / 5 days; BASIC × URGENT is 1 h / 24 h.
    var ticket = fixtures.openTicketFor(ACME);

    ticket.edit(
        TicketEdit.nothing().withPriority(TicketPriority.URGENT),
        fixtures.policy(),
        fixtures.by(AGENT, after(minutes(30))));

    assertThat(ticket.sla().firstResponseDue()).isEqualTo(after(hours(1)));
    assertThat(ticket.sla().resolutionDue()).isEqualTo(after(hours(24)));
    assertThat(ticket.sla().targets().firstResponse()).isEqualTo(hours(1));
    assertThat(ticket.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            TicketUpdated.class,
            updated -> assertThat(updated.firstResponseDue()).isEqualTo(after(hours(1))));
  }

  @Test
  void a_priority_raised_after_the_new_target_passed_is_a_breach_at_once() {
    var ticket = fixtures.openTicketFor(ACME);

    ticket.edit(
        TicketEdit.nothing().withPriority(TicketPriority.URGENT),
        fixtures.policy(),
        fixtures.by(AGENT, after(hours(2))));

    assertThat(ticket.pullEvents())
        .satisfiesExactly(
            updated -> assertThat(updated).isInstanceOf(TicketUpdated.class),
            breach ->
                assertThat(breach)
                    .isInstanceOfSatisfying(
                        TicketSlaBreached.class,
                        b -> assertThat(b.target()).isEqualTo(SlaTarget.FIRST_RESPONSE)));
  }

  @Test
  void a_met_target_keeps_its_due_time_when_the_priority_changes() {
    var ticket = fixtures.openTicketFor(ACME);
    ticket.addComment(CommentVisibility.PUBLIC, "On it.", fixtures.by(AGENT, after(minutes(30))));
    var firstResponseDue = ticket.sla().firstResponseDue();

    ticket.edit(
        TicketEdit.nothing().withPriority(TicketPriority.LOW),
        fixtures.policy(),
        fixtures.by(AGENT, after(hours(1))));

    assertThat(ticket.sla().firstResponseDue()).isEqualTo(firstResponseDue);
    assertThat(ticket.sla().resolutionDue()).isEqualTo(after(Duration.ofDays(10)));
  }

  @Test
  void readers_see_an_overdue_target_as_breached_before_the_scan_records_it() {
    var ticket = premiumUrgentTicket();

    assertThat(ticket.sla().isBreachedAt(SlaTarget.FIRST_RESPONSE, after(minutes(20)))).isTrue();
    assertThat(ticket.sla().isBreached(SlaTarget.FIRST_RESPONSE)).isFalse();
    assertThat(ticket.sla().isBreachedAt(SlaTarget.RESOLUTION, after(minutes(20)))).isFalse();
  }

  @Test
  void a_closed_ticket_has_nothing_left_to_breach() {
    var ticket = fixtures.closedTicketFor(ACME);

    assertThat(ticket.detectBreaches(fixtures.by(SCHEDULER, after(Duration.ofDays(30))))).isEmpty();
    assertThat(ticket.pullEvents()).isEmpty();
  }
}
