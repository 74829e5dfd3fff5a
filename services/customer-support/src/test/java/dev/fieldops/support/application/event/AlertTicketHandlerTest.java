package dev.fieldops.support.application.event;

import static dev.fieldops.support.application.event.AlertFixtures.ACME;
import static dev.fieldops.support.application.event.AlertFixtures.FREEZER;
import static dev.fieldops.support.application.event.AlertFixtures.cleared;
import static dev.fieldops.support.application.event.AlertFixtures.escalated;
import static dev.fieldops.support.application.event.AlertFixtures.raised;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.support.application.Principals;
import dev.fieldops.support.application.TestApplication;
import dev.fieldops.support.application.command.AssignTicket;
import dev.fieldops.support.application.command.CloseTicket;
import dev.fieldops.support.application.command.ResolveTicket;
import dev.fieldops.support.application.event.AlertTicketOutcome.Effect;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.shared.Actor;
import dev.fieldops.support.domain.ticket.AlertId;
import dev.fieldops.support.domain.ticket.Assignee;
import dev.fieldops.support.domain.ticket.CommentVisibility;
import dev.fieldops.support.domain.ticket.TicketChannel;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketOpened;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketUpdated;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketPriority;
import dev.fieldops.support.domain.ticket.TicketSnapshot;
import dev.fieldops.support.domain.ticket.TicketStatus;
import dev.fieldops.support.testing.InMemoryPendingEnrichments;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class AlertTicketHandlerTest {

  private static final Actor AUTOMATION = Actor.system("customer-support");

  private final TestApplication app = new TestApplication();
  private final InMemoryPendingEnrichments pending = new InMemoryPendingEnrichments();
  private final EnrichmentRetry retry =
      new EnrichmentRetry(Duration.ofSeconds(10), Duration.ofMinutes(10));
  private final AlertTicketHandler alerts =
      new AlertTicketHandler(
          app.createTicket,
          app.escalateTicket,
          app.addComment,
          app.store.ticketQueries,
          pending,
          retry);

  private TicketSnapshot ticket(TicketId id) {
    return app.store.ticketQueries.findTicket(id, CustomerScope.unrestricted()).orElseThrow();
  }

  @Test
  void a_critical_alert_opens_an_urgent_alert_ticket_that_waits_for_its_device_details() {
    var outcome = alerts.handle(raised("alert-1", AlertSeverity.CRITICAL));

    assertThat(outcome.effect()).isEqualTo(Effect.OPENED);
    var ticket = ticket(outcome.ticketId());
    assertThat(ticket.customerId()).isEqualTo(ACME);
    assertThat(ticket.priority()).isEqualTo(TicketPriority.URGENT);
    assertThat(ticket.channel()).isEqualTo(TicketChannel.TELEMETRY_ALERT);
    assertThat(ticket.deviceId()).contains(FREEZER);
    assertThat(ticket.alertId()).contains(new AlertId("alert-1"));
    assertThat(ticket.status()).isEqualTo(TicketStatus.NEW);
    assertThat(ticket.tags()).containsExactly(AlertTicketHandler.TAG);
    assertThat(ticket.subject()).isEqualTo("Freezer 3, back store: -9.5 °C is above -15.0 °C");
    assertThat(ticket.description())
        .contains("CRITICAL alert for device " + FREEZER)
        .contains("Rule: rule-freezer-too-warm")
        .contains("Reading: -9.5 °C at 2026-03-02T08:58:55Z")
        .contains("Device details are not available yet");
    assertThat(ticket.number()).hasToString("T-2026-000001");
    assertThat(app.store.outbox.eventsOfType(TicketOpened.class))
        .singleElement()
        .satisfies(opened -> assertThat(opened.actor()).isEqualTo(AUTOMATION));
    var waiting = pending.find(outcome.ticketId()).orElseThrow();
    assertThat(waiting.deviceId()).isEqualTo(FREEZER);
    assertThat(waiting.metric()).isEqualTo(ReadingMetric.TEMPERATURE_CELSIUS);
    assertThat(waiting.attempts()).isZero();
    assertThat(waiting.nextAttemptTime()).isEqualTo(app.clock.instant().plus(retry.first()));
  }

  @Test
  void a_warning_alert_opens_a_high_priority_ticket() {
    var outcome = alerts.handle(raised("alert-1", AlertSeverity.WARNING));

    assertThat(ticket(outcome.ticketId()).priority()).isEqualTo(TicketPriority.HIGH);
  }

  @Test
  void raising_the_same_alert_again_opens_no_second_ticket() {
    var first = alerts.handle(raised("alert-1", AlertSeverity.CRITICAL));

    var again = alerts.handle(raised("alert-1", AlertSeverity.CRITICAL));

    assertThat(again).isEqualTo(new AlertTicketOutcome(first.ticketId(), Effect.ALREADY_OPENED));
    assertThat(app.store.outbox.eventsOfType(TicketOpened.class)).hasSize(1);
  }

  @Test
  void an_alert_without_summary_gets_a_subject_from_its_rule_and_device() {
    var alert = raised("alert-1", AlertSeverity.WARNING);
    var bare =
        new TelemetryAlert.Raised(
            alert.alertId(),
            alert.customerId(),
            alert.deviceId(),
            alert.ruleId(),
            alert.severity(),
            alert.metric(),
            OptionalDouble.empty(),
            alert.observeTime(),
            " ",
            alert.occurTime());

    var ticket = ticket(alerts.handle(bare).ticketId());

    assertThat(ticket.subject())
        .isEqualTo("WARNING alert of rule rule-freezer-too-warm on device " + FREEZER);
    assertThat(ticket.description()).contains("Reading: none since 2026-03-02T08:58:55Z");
  }

  @Test
  void a_long_multi_line_summary_becomes_one_line_that_fits_a_subject() {
    var alert = raised("alert-1", AlertSeverity.WARNING);
    var noisy =
        new TelemetryAlert.Raised(
            alert.alertId(),
            alert.customerId(),
            alert.deviceId(),
            alert.ruleId(),
            alert.severity(),
            alert.metric(),
            alert.value(),
            alert.observeTime(),
            "Freezer\n3\u0000 is" + " too warm".repeat(40),
            alert.occurTime());

    var subject = ticket(alerts.handle(noisy).ticketId()).subject();

    assertThat(subject).hasSize(200).startsWith("Freezer 3 is too warm too warm").endsWith("…");
  }

  @Test
  void an_escalation_makes_the_ticket_urgent_once() {
    var opened = alerts.handle(raised("alert-1", AlertSeverity.WARNING));

    var escalation = alerts.handle(escalated("alert-1"));
    var repeated = alerts.handle(escalated("alert-1"));

    assertThat(escalation.effect()).isEqualTo(Effect.ESCALATED);
    assertThat(repeated.effect()).isEqualTo(Effect.ALREADY_AS_URGENT);
    assertThat(ticket(opened.ticketId()).priority()).isEqualTo(TicketPriority.URGENT);
    assertThat(app.store.outbox.eventsOfType(TicketUpdated.class))
        .singleElement()
        .satisfies(updated -> assertThat(updated.actor()).isEqualTo(AUTOMATION));
  }

  @Test
  void a_clearance_adds_an_internal_note_and_leaves_the_ticket_open() {
    var opened = alerts.handle(raised("alert-1", AlertSeverity.CRITICAL));

    var outcome = alerts.handle(cleared("alert-1"));

    assertThat(outcome.effect()).isEqualTo(Effect.NOTED);
    assertThat(ticket(opened.ticketId()).status()).isEqualTo(TicketStatus.NEW);
    assertThat(app.store.tickets.commentsOf(opened.ticketId()))
        .singleElement()
        .satisfies(
            note -> {
              assertThat(note.visibility()).isEqualTo(CommentVisibility.INTERNAL);
              assertThat(note.author()).isEqualTo(AUTOMATION);
              assertThat(note.body())
                  .startsWith("Telemetry alert alert-1 cleared at 2026-03-02T09:19:00Z")
                  .contains("value -14.25, peak -7")
                  .contains("reason CONDITION_ENDED");
            });
  }

  @Test
  void an_escalation_or_clearance_of_an_alert_without_ticket_is_not_found() {
    for (TelemetryAlert alert : List.of(escalated("alert-9"), cleared("alert-9"))) {
      var refused =
          assertThatExceptionOfType(NotFoundException.class)
              .isThrownBy(() -> alerts.handle(alert))
              .actual();

      assertThat(refused.reason()).isEqualTo("ALERT_TICKET_NOT_FOUND");
      assertThat(refused.getMessage()).contains("alert-9");
    }
    assertThat(app.store.outbox.events()).isEmpty();
  }

  @Test
  void a_closed_ticket_is_left_alone() {
    var opened = alerts.handle(raised("alert-1", AlertSeverity.WARNING));
    var agent = Principals.supportAgent();
    app.assignTicket.handle(
        new AssignTicket(
            agent, opened.ticketId(), new Assignee("agent-ada"), ExpectedVersion.any()));
    app.resolveTicket.handle(
        new ResolveTicket(
            agent, opened.ticketId(), "Door seal replaced.", 30, ExpectedVersion.any()));
    app.closeTicket.handle(new CloseTicket(agent, opened.ticketId(), ExpectedVersion.any()));
    long version = ticket(opened.ticketId()).version();

    assertThat(alerts.handle(escalated("alert-1")).effect()).isEqualTo(Effect.TICKET_CLOSED);
    assertThat(alerts.handle(cleared("alert-1")).effect()).isEqualTo(Effect.TICKET_CLOSED);
    assertThat(ticket(opened.ticketId()).version()).isEqualTo(version);
    assertThat(ticket(opened.ticketId()).priority()).isEqualTo(TicketPriority.HIGH);
  }
}
