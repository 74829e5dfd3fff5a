package dev.fieldops.support.application.command;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.draftFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.support.application.Principals;
import dev.fieldops.support.application.TestApplication;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketSlaBreached;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DetectSlaBreachesJobTest {

  private final TestApplication app = new TestApplication();

  @Test
  void one_run_drains_a_backlog_larger_than_its_batch() {
    for (int i = 0; i < 5; i++) {
      app.createTicket.handle(new CreateTicket(Principals.supportAgent(), draftFor(ACME)));
    }
    // BASIC × NORMAL: the first response was due after 8 h.
    app.clock.advance(Duration.ofHours(9));

    new DetectSlaBreachesJob(app.detectSlaBreaches, 2).run();

    assertThat(app.store.outbox.eventsOfType(TicketSlaBreached.class)).hasSize(5);
  }

  @Test
  void a_run_with_nothing_due_records_nothing() {
    app.createTicket.handle(new CreateTicket(Principals.supportAgent(), draftFor(ACME)));

    new DetectSlaBreachesJob(app.detectSlaBreaches, 2).run();

    assertThat(app.store.outbox.eventsOfType(TicketSlaBreached.class)).isEmpty();
  }
}
