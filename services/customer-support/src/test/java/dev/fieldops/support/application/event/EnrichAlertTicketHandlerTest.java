package dev.fieldops.support.application.event;

import static dev.fieldops.support.application.event.AlertFixtures.FREEZER;
import static dev.fieldops.support.application.event.AlertFixtures.raised;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.support.application.Principals;
import dev.fieldops.support.application.TestApplication;
import dev.fieldops.support.application.command.AssignTicket;
import dev.fieldops.support.application.command.CloseTicket;
import dev.fieldops.support.application.command.ResolveTicket;
import dev.fieldops.support.application.event.DeviceLookup.DeviceDetails;
import dev.fieldops.support.application.event.DeviceLookup.ReadingsSummary;
import dev.fieldops.support.application.event.EnrichAlertTicketHandler.Outcome;
import dev.fieldops.support.domain.ticket.Assignee;
import dev.fieldops.support.domain.ticket.CommentVisibility;
import dev.fieldops.support.domain.ticket.DeviceId;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.testing.InMemoryPendingEnrichments;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnrichAlertTicketHandlerTest {

  /** Telemetry as the test wants it to answer, recording what it was asked. */
  private static final class ScriptedTelemetry implements DeviceDirectory {
    DeviceLookup answer = new DeviceLookup.Unavailable("telemetry GetDevice: UNAVAILABLE");
    final List<Instant[]> windows = new ArrayList<>();

    @Override
    public DeviceLookup describe(
        DeviceId deviceId, ReadingMetric metric, Instant from, Instant to) {
      windows.add(new Instant[] {from, to});
      return answer;
    }
  }

  private final TestApplication app = new TestApplication();
  private final InMemoryPendingEnrichments pending = new InMemoryPendingEnrichments();
  private final ScriptedTelemetry telemetry = new ScriptedTelemetry();
  private final EnrichmentRetry retry =
      new EnrichmentRetry(Duration.ofSeconds(10), Duration.ofSeconds(30));
  private final AlertTicketHandler alerts =
      new AlertTicketHandler(
          app.createTicket,
          app.escalateTicket,
          app.addComment,
          app.store.ticketQueries,
          pending,
          retry);
  private final EnrichAlertTicketHandler enrich =
      new EnrichAlertTicketHandler(
          pending, telemetry, app.store.ticketQueries, app.addComment, retry, app.clock);

  private TicketId openAlertTicket() {
    return alerts.handle(raised("alert-1", AlertSeverity.CRITICAL)).ticketId();
  }

  private static DeviceLookup.Found freezer(Optional<ReadingsSummary> readings, Instant now) {
    return new DeviceLookup.Found(
        new DeviceDetails(
            "Freezer 3, back store",
            "Warehouse 2, cold room B",
            "FREEZER",
            "ACTIVE",
            ReadingMetric.TEMPERATURE_CELSIUS,
            now.minus(Duration.ofHours(1)),
            now,
            readings));
  }

  @Test
  void the_device_and_its_last_hour_are_added_as_an_internal_note() {
    var ticket = openAlertTicket();
    var now = app.clock.instant();
    telemetry.answer = freezer(Optional.of(new ReadingsSummary(-19.2, -9.5, -16.125, 58)), now);

    var outcome = enrich.enrich(ticket);

    assertThat(outcome).isEqualTo(Outcome.ENRICHED);
    assertThat(telemetry.windows)
        .singleElement()
        .satisfies(w -> assertThat(Duration.between(w[0], w[1])).isEqualTo(Duration.ofHours(1)));
    assertThat(app.store.tickets.commentsOf(ticket))
        .singleElement()
        .satisfies(
            note -> {
              assertThat(note.visibility()).isEqualTo(CommentVisibility.INTERNAL);
              assertThat(note.author().subject()).isEqualTo("customer-support");
              assertThat(note.body())
                  .contains("device " + FREEZER)
                  .contains("name: Freezer 3, back store")
                  .contains("location: Warehouse 2, cold room B")
                  .contains("kind: FREEZER")
                  .contains("min -19.2 °C, max -9.5 °C, avg -16.12 °C, count 58");
            });
    assertThat(pending.find(ticket)).isEmpty();
    assertThat(enrich.enrich(ticket)).isEqualTo(Outcome.NOTHING_PENDING);
  }

  @Test
  void a_device_without_readings_in_the_last_hour_says_so() {
    var ticket = openAlertTicket();
    telemetry.answer = freezer(Optional.empty(), app.clock.instant());

    enrich.enrich(ticket);

    assertThat(app.store.tickets.commentsOf(ticket))
        .singleElement()
        .satisfies(note -> assertThat(note.body()).contains("readings (").endsWith("no readings"));
  }

  @Test
  void while_telemetry_is_down_the_ticket_keeps_waiting_with_a_growing_pause() {
    var ticket = openAlertTicket();

    assertThat(enrich.enrich(ticket)).isEqualTo(Outcome.POSTPONED);
    var first = pending.find(ticket).orElseThrow();
    assertThat(first.attempts()).isEqualTo(1);
    assertThat(first.nextAttemptTime()).isEqualTo(app.clock.instant().plusSeconds(10));
    assertThat(pending.lastError(ticket)).contains("telemetry GetDevice: UNAVAILABLE");

    app.clock.advance(Duration.ofSeconds(10));
    assertThat(enrich.enrichDue(10)).isZero();
    var second = pending.find(ticket).orElseThrow();
    assertThat(second.attempts()).isEqualTo(2);
    assertThat(second.nextAttemptTime()).isEqualTo(app.clock.instant().plusSeconds(20));
    assertThat(app.store.tickets.commentsOf(ticket)).isEmpty();

    app.clock.advance(Duration.ofSeconds(19));
    telemetry.answer = freezer(Optional.empty(), app.clock.instant());
    assertThat(enrich.enrichDue(10)).as("not due yet").isZero();
    app.clock.advance(Duration.ofSeconds(1));
    assertThat(enrich.enrichDue(10)).isEqualTo(1);
    assertThat(app.store.tickets.commentsOf(ticket)).hasSize(1);
    assertThat(pending.find(ticket)).isEmpty();
  }

  @Test
  void a_periodic_round_stops_at_the_first_ticket_telemetry_cannot_answer_for() {
    var first = openAlertTicket();
    var second = alerts.handle(raised("alert-2", AlertSeverity.WARNING)).ticketId();
    app.clock.advance(retry.first());

    assertThat(enrich.enrichDue(10)).isZero();

    assertThat(telemetry.windows).hasSize(1);
    assertThat(
            pending.find(first).orElseThrow().attempts()
                + pending.find(second).orElseThrow().attempts())
        .isEqualTo(1);
  }

  @Test
  void a_device_telemetry_does_not_know_ends_the_waiting_with_a_note() {
    var ticket = openAlertTicket();
    telemetry.answer = new DeviceLookup.UnknownDevice();

    assertThat(enrich.enrich(ticket)).isEqualTo(Outcome.DEVICE_UNKNOWN);
    assertThat(app.store.tickets.commentsOf(ticket))
        .singleElement()
        .satisfies(note -> assertThat(note.body()).contains("does not know device " + FREEZER));
    assertThat(pending.find(ticket)).isEmpty();
  }

  @Test
  void a_ticket_closed_meanwhile_gets_no_note_and_waits_no_more() {
    var ticket = openAlertTicket();
    var agent = Principals.supportAgent();
    app.assignTicket.handle(
        new AssignTicket(agent, ticket, new Assignee("agent-ada"), ExpectedVersion.any()));
    app.resolveTicket.handle(
        new ResolveTicket(agent, ticket, "False alarm: door was open.", 5, ExpectedVersion.any()));
    app.closeTicket.handle(new CloseTicket(agent, ticket, ExpectedVersion.any()));
    telemetry.answer = freezer(Optional.empty(), app.clock.instant());

    assertThat(enrich.enrich(ticket)).isEqualTo(Outcome.TICKET_CLOSED);
    assertThat(app.store.tickets.commentsOf(ticket)).isEmpty();
    assertThat(pending.find(ticket)).isEmpty();
  }

  @Test
  void the_retry_pause_doubles_up_to_its_limit() {
    var schedule = new EnrichmentRetry(Duration.ofSeconds(10), Duration.ofSeconds(60));

    assertThat(List.of(1, 2, 3, 4, 5, 50).stream().map(schedule::after).toList())
        .containsExactly(
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Duration.ofSeconds(40),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60));
  }
}
