package dev.fieldops.support.domain.ticket;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.AGENT;
import static dev.fieldops.support.domain.ticket.TicketFixtures.OPENED_AT;
import static dev.fieldops.support.domain.ticket.TicketFixtures.OTHER_AGENT;
import static dev.fieldops.support.domain.ticket.TicketFixtures.PENDING_AFTER;
import static dev.fieldops.support.domain.ticket.TicketFixtures.SCHEDULER;
import static dev.fieldops.support.domain.ticket.TicketFixtures.customerOf;
import static dev.fieldops.support.domain.ticket.TicketFixtures.draftFor;
import static dev.fieldops.support.domain.ticket.TicketFixtures.tickets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketPending;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketReopened;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketResolved;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketResumed;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketSlaBreached;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketUpdated;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The facts each ticket event records about the ticket at its moment, so that whoever hears the
 * event (billing, notifications, escalation) never needs the ticket's earlier state.
 */
class TicketEventFactsTest {

  private final TicketFixtures fixtures = tickets();

  private static Instant after(Duration duration) {
    return OPENED_AT.plus(duration);
  }

  private static <E extends TicketEvent> E only(Class<E> type, List<TicketEvent> events) {
    var matching = events.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(matching).hasSize(1);
    return matching.getFirst();
  }

  @Test
  void resuming_a_paused_ticket_records_how_long_it_was_paused() {
    var ticket = fixtures.pendingTicketFor(ACME);

    ticket.resume(fixtures.by(AGENT, after(PENDING_AFTER.plus(Duration.ofMinutes(90)))));

    var resumed = only(TicketResumed.class, ticket.pullEvents());
    assertThat(resumed.pausedFor()).isEqualTo(Duration.ofMinutes(90));
    assertThat(resumed.cause()).isEqualTo(ResumeCause.STAFF);
  }

  @Test
  void a_customer_reply_that_resumes_a_ticket_records_the_reply_as_the_cause() {
    var ticket = fixtures.pendingTicketFor(ACME);

    ticket.addComment(
        CommentVisibility.PUBLIC,
        "The door is closed now.",
        fixtures.by(customerOf(ACME), after(PENDING_AFTER.plus(Duration.ofMinutes(45)))));

    var resumed = only(TicketResumed.class, ticket.pullEvents());
    assertThat(resumed.cause()).isEqualTo(ResumeCause.CUSTOMER_REPLY);
    assertThat(resumed.pausedFor()).isEqualTo(Duration.ofMinutes(45));
  }

  @Test
  void a_pause_is_never_recorded_as_negative_when_clocks_disagree() {
    var ticket = fixtures.pendingTicketFor(ACME);

    ticket.resume(fixtures.by(AGENT, after(PENDING_AFTER.minusSeconds(2))));

    assertThat(only(TicketResumed.class, ticket.pullEvents()).pausedFor()).isEqualTo(Duration.ZERO);
  }

  @Test
  void putting_a_ticket_on_hold_records_who_owns_it_while_it_waits() {
    var ticket = fixtures.openTicketFor(ACME);

    ticket.markPending(fixtures.agentAfter(PENDING_AFTER));

    assertThat(only(TicketPending.class, ticket.pullEvents()).assignee())
        .contains(new Assignee(AGENT.subject()));
  }

  @Test
  void resolving_again_records_the_billable_minutes_of_all_resolutions() {
    var ticket = fixtures.resolvedTicketFor(ACME);
    ticket.reopen("The seal leaks again.", fixtures.agentAfter(Duration.ofHours(2)));
    ticket.pullEvents();

    ticket.resolve(
        new Resolution("Replaced the hinge too.", 30),
        SupportTier.BASIC,
        fixtures.agentAfter(Duration.ofHours(3)));

    var resolved = only(TicketResolved.class, ticket.pullEvents());
    assertThat(resolved.billableMinutes()).isEqualTo(30);
    assertThat(resolved.totalBillableMinutes()).isEqualTo(45 + 30);
  }

  @Test
  void a_resolution_records_the_priority_owner_and_device_of_the_ticket_it_resolves() {
    var draft = draftFor(ACME);
    var ticket =
        fixtures.open(
            new TicketDraft(
                ACME,
                draft.subject(),
                draft.description(),
                TicketPriority.HIGH,
                draft.channel(),
                Optional.of(new DeviceId("freezer-3")),
                Optional.empty(),
                draft.tags()),
            SupportTier.STANDARD,
            OPENED_AT);
    ticket.assign(
        new Assignee("agent-grace"), fixtures.by(OTHER_AGENT, after(Duration.ofMinutes(5))));
    ticket.pullEvents();

    ticket.resolve(
        new Resolution("Reset the controller.", 20),
        SupportTier.PREMIUM,
        fixtures.by(OTHER_AGENT, after(Duration.ofMinutes(30))));

    var resolved = only(TicketResolved.class, ticket.pullEvents());
    assertThat(resolved.priority()).isEqualTo(TicketPriority.HIGH);
    assertThat(resolved.assignee()).contains(new Assignee("agent-grace"));
    assertThat(resolved.deviceId()).contains(new DeviceId("freezer-3"));
    assertThat(resolved.supportTier()).isEqualTo(SupportTier.PREMIUM);
    assertThat(resolved.resolutionBreached()).isFalse();
  }

  @Test
  void a_late_resolution_records_that_the_resolution_target_was_missed() {
    // PREMIUM × URGENT: resolution due 4 h after opening.
    var ticket = fixtures.newTicketFor(ACME, SupportTier.PREMIUM, TicketPriority.URGENT);
    ticket.assign(new Assignee(AGENT.subject()), fixtures.agentAfter(Duration.ofMinutes(5)));
    ticket.pullEvents();

    ticket.resolve(
        new Resolution("Replaced the compressor.", 120),
        SupportTier.PREMIUM,
        fixtures.agentAfter(Duration.ofHours(5)));

    assertThat(only(TicketResolved.class, ticket.pullEvents()).resolutionBreached()).isTrue();
  }

  @Test
  void an_edit_records_the_priority_the_ticket_had_before() {
    var ticket = fixtures.openTicketFor(ACME);

    ticket.edit(
        TicketEdit.nothing().withPriority(TicketPriority.URGENT),
        fixtures.policy(),
        fixtures.agentAfter(Duration.ofMinutes(15)));

    var updated = only(TicketUpdated.class, ticket.pullEvents());
    assertThat(updated.previousPriority()).isEqualTo(TicketPriority.NORMAL);
    assertThat(updated.priority()).isEqualTo(TicketPriority.URGENT);
  }

  @Test
  void a_breach_records_the_priority_tier_and_owner_of_the_ticket_at_that_moment() {
    // PREMIUM × URGENT: first response due 15 min after opening.
    var ticket = fixtures.newTicketFor(ACME, SupportTier.PREMIUM, TicketPriority.URGENT);
    ticket.assign(new Assignee(AGENT.subject()), fixtures.agentAfter(Duration.ofMinutes(5)));
    ticket.pullEvents();

    ticket.detectBreaches(fixtures.by(SCHEDULER, after(Duration.ofMinutes(20))));

    var breach = only(TicketSlaBreached.class, ticket.pullEvents());
    assertThat(breach.target()).isEqualTo(SlaTarget.FIRST_RESPONSE);
    assertThat(breach.priority()).isEqualTo(TicketPriority.URGENT);
    assertThat(breach.slaTier()).isEqualTo(SupportTier.PREMIUM);
    assertThat(breach.assignee()).contains(new Assignee(AGENT.subject()));
  }

  @Test
  void reopening_records_who_owns_the_ticket_again() {
    var ticket = fixtures.resolvedTicketFor(ACME);

    ticket.reopen("Still too warm.", fixtures.agentAfter(Duration.ofHours(1)));

    assertThat(only(TicketReopened.class, ticket.pullEvents()).assignee())
        .contains(new Assignee(AGENT.subject()));
  }

  @Test
  void a_ticket_nobody_owns_records_no_owner() {
    var ticket = fixtures.newTicketFor(ACME, SupportTier.PREMIUM, TicketPriority.URGENT);

    ticket.detectBreaches(fixtures.by(SCHEDULER, after(Duration.ofMinutes(20))));

    assertThat(only(TicketSlaBreached.class, ticket.pullEvents()).assignee()).isEmpty();
  }
}
