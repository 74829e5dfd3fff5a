package dev.fieldops.support.application.command;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.GLOBEX;
import static dev.fieldops.support.domain.ticket.TicketFixtures.draftFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.support.application.Principals;
import dev.fieldops.support.application.TestApplication;
import dev.fieldops.support.application.command.SlaBreachScan.Breach;
import dev.fieldops.support.application.query.GetTicket;
import dev.fieldops.support.domain.ticket.SlaTarget;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketSlaBreached;
import dev.fieldops.support.domain.ticket.TicketId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DetectSlaBreachesHandlerTest {

  private final TestApplication app = new TestApplication();

  private TicketId basicNormalTicketFor(dev.fieldops.support.domain.customer.CustomerId customer) {
    // BASIC × NORMAL: first response in 8 h, resolution in 5 days
    return app.createTicket
        .handle(new CreateTicket(Principals.supportAgent(), draftFor(customer)))
        .ticketId();
  }

  @Test
  void each_breach_is_recorded_and_announced_once_however_often_the_scheduler_runs() {
    var ticket = basicNormalTicketFor(ACME);
    var automation = Principals.supportAutomation();
    app.clock.advance(Duration.ofHours(9));

    var first = app.detectSlaBreaches.handle(new DetectSlaBreaches(automation, 50));
    var second = app.detectSlaBreaches.handle(new DetectSlaBreaches(automation, 50));
    app.clock.advance(Duration.ofDays(5));
    var third = app.detectSlaBreaches.handle(new DetectSlaBreaches(automation, 50));
    var fourth = app.detectSlaBreaches.handle(new DetectSlaBreaches(automation, 50));

    assertThat(first.breaches()).containsExactly(new Breach(ticket, SlaTarget.FIRST_RESPONSE));
    assertThat(second.breaches()).isEmpty();
    assertThat(second.ticketsExamined()).isZero();
    assertThat(third.breaches()).containsExactly(new Breach(ticket, SlaTarget.RESOLUTION));
    assertThat(fourth.breaches()).isEmpty();
    assertThat(app.store.outbox.eventsOfType(TicketSlaBreached.class))
        .extracting(TicketSlaBreached::target)
        .containsExactly(SlaTarget.FIRST_RESPONSE, SlaTarget.RESOLUTION);
    var view = app.getTicket.handle(new GetTicket(Principals.supportAgent(), ticket));
    assertThat(view.sla().firstResponseBreached()).isTrue();
    assertThat(view.sla().resolutionBreached()).isTrue();
  }

  @Test
  void
      targets_that_passed_while_no_scheduler_ran_are_recorded_by_the_next_scan_with_their_due_times() {
    var ticket = basicNormalTicketFor(ACME);
    var opened = app.clock.instant();
    var automation = Principals.supportAutomation();
    // Support was down for a week: both targets passed without a scan.
    app.clock.advance(Duration.ofDays(7));

    var comeback = app.detectSlaBreaches.handle(new DetectSlaBreaches(automation, 50));
    var next = app.detectSlaBreaches.handle(new DetectSlaBreaches(automation, 50));

    assertThat(comeback.breaches())
        .containsExactlyInAnyOrder(
            new Breach(ticket, SlaTarget.FIRST_RESPONSE), new Breach(ticket, SlaTarget.RESOLUTION));
    assertThat(next.breaches()).isEmpty();
    assertThat(app.store.outbox.eventsOfType(TicketSlaBreached.class))
        .as("each once, dated when it fell due rather than when the scan saw it")
        .extracting(TicketSlaBreached::target, TicketSlaBreached::dueTime)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                SlaTarget.FIRST_RESPONSE, opened.plus(Duration.ofHours(8))),
            org.assertj.core.groups.Tuple.tuple(
                SlaTarget.RESOLUTION, opened.plus(Duration.ofDays(5))));
  }

  @Test
  void a_full_batch_says_more_may_remain_and_the_next_scan_takes_the_rest() {
    basicNormalTicketFor(ACME);
    basicNormalTicketFor(GLOBEX);
    basicNormalTicketFor(ACME);
    app.clock.advance(Duration.ofHours(9));
    var automation = Principals.supportAutomation();

    var first = app.detectSlaBreaches.handle(new DetectSlaBreaches(automation, 2));
    var second = app.detectSlaBreaches.handle(new DetectSlaBreaches(automation, 2));

    assertThat(first.ticketsExamined()).isEqualTo(2);
    assertThat(first.moreMayRemain()).isTrue();
    assertThat(second.ticketsExamined()).isEqualTo(1);
    assertThat(second.moreMayRemain()).isFalse();
    assertThat(app.store.outbox.eventsOfType(TicketSlaBreached.class)).hasSize(3);
  }

  @Test
  void admins_may_run_the_scan_by_hand_but_agents_may_not() {
    basicNormalTicketFor(ACME);
    app.clock.advance(Duration.ofHours(9));

    assertThatExceptionOfType(PermissionDeniedException.class)
        .isThrownBy(
            () ->
                app.detectSlaBreaches.handle(new DetectSlaBreaches(Principals.supportAgent(), 10)));
    assertThat(app.store.outbox.eventsOfType(TicketSlaBreached.class)).isEmpty();

    var scan = app.detectSlaBreaches.handle(new DetectSlaBreaches(Principals.admin(), 10));
    assertThat(scan.breaches()).hasSize(1);
  }
}
