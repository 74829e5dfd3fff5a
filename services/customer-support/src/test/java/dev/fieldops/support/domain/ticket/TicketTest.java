package dev.fieldops.support.domain.ticket;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.AGENT;
import static dev.fieldops.support.domain.ticket.TicketFixtures.OPENED_AT;
import static dev.fieldops.support.domain.ticket.TicketFixtures.draftFor;
import static dev.fieldops.support.domain.ticket.TicketFixtures.tickets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.InvalidInputException.FieldViolation;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketOpened;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketReopened;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketResolved;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketUpdated;
import java.time.Duration;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TicketTest {

  private final TicketFixtures fixtures = tickets();

  @Test
  void opening_a_ticket_makes_it_new_numbered_and_announced() {
    var draft =
        draftFor(ACME)
            .withDevice(new DeviceId("0190d7a2-0000-7000-8000-000000000042"))
            .withTags(List.of("freezer", "hall-b"));

    var ticket = fixtures.open(draft, SupportTier.STANDARD, OPENED_AT);

    assertThat(ticket.status()).isEqualTo(TicketStatus.NEW);
    assertThat(ticket.number()).hasToString("T-2026-000001");
    assertThat(ticket.version()).isEqualTo(1);
    assertThat(ticket.assignee()).isEmpty();
    assertThat(ticket.createTime()).isEqualTo(OPENED_AT);
    assertThat(ticket.slaTier()).isEqualTo(SupportTier.STANDARD);
    assertThat(ticket.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            TicketOpened.class,
            opened -> {
              assertThat(opened.version()).isEqualTo(1);
              assertThat(opened.ticketId()).isEqualTo(ticket.id());
              assertThat(opened.customerId()).isEqualTo(ACME);
              assertThat(opened.header().ticketNumber()).isEqualTo(ticket.number());
              assertThat(opened.occurTime()).isEqualTo(OPENED_AT);
              assertThat(opened.actor()).isEqualTo(AGENT);
              assertThat(opened.subject()).isEqualTo(draft.subject());
              assertThat(opened.deviceId()).isEqualTo(draft.deviceId());
              assertThat(opened.tags()).containsExactly("freezer", "hall-b");
              assertThat(opened.slaTier()).isEqualTo(SupportTier.STANDARD);
              // STANDARD × NORMAL: 4 h / 3 days
              assertThat(opened.firstResponseDue()).isEqualTo(OPENED_AT.plus(Duration.ofHours(4)));
              assertThat(opened.resolutionDue()).isEqualTo(OPENED_AT.plus(Duration.ofDays(3)));
            });
  }

  @Test
  void a_ticket_opened_from_an_alert_remembers_the_alert() {
    var draft =
        TicketDraft.of(
                ACME,
                "Cold room too warm",
                "",
                TicketPriority.URGENT,
                TicketChannel.TELEMETRY_ALERT)
            .fromAlert(new AlertId("0190d7a2-0000-7000-8000-0000000000a1"));

    var ticket = fixtures.open(draft, SupportTier.PREMIUM, OPENED_AT);

    assertThat(ticket.alertId()).contains(new AlertId("0190d7a2-0000-7000-8000-0000000000a1"));
    assertThat(ticket.channel()).isEqualTo(TicketChannel.TELEMETRY_ALERT);
  }

  @Test
  void an_invalid_report_names_every_offending_field_and_draws_no_number() {
    var drawn = new ArrayList<Year>();
    TicketNumberSequence counting =
        year -> {
          drawn.add(year);
          return new TicketNumber(year, drawn.size());
        };
    var draft =
        new TicketDraft(
            ACME,
            "  ",
            "x".repeat(10_001),
            TicketPriority.LOW,
            TicketChannel.CHAT,
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            List.of("ok", "Not-Lower", "ok"));

    var invalid =
        assertThatExceptionOfType(InvalidInputException.class)
            .isThrownBy(
                () ->
                    Ticket.open(
                        draft,
                        SupportTier.BASIC,
                        fixtures.policy(),
                        counting,
                        fixtures.by(AGENT, OPENED_AT)))
            .actual();

    assertThat(invalid.reason()).isEqualTo("INVALID_TICKET");
    assertThat(invalid.violations())
        .extracting(FieldViolation::field)
        .containsExactly("subject", "description", "tags[1]", "tags[2]");
    assertThat(drawn).isEmpty();
  }

  @Test
  void a_subject_counts_characters_so_200_emoji_fit_and_201_do_not() {
    String emoji = "\uD83D\uDD25";
    var fits = TicketDraft.of(ACME, emoji.repeat(200), "", TicketPriority.LOW, TicketChannel.CHAT);
    var tooLong =
        TicketDraft.of(ACME, emoji.repeat(201), "", TicketPriority.LOW, TicketChannel.CHAT);

    assertThat(fixtures.open(fits, SupportTier.BASIC, OPENED_AT).subject())
        .isEqualTo(emoji.repeat(200));
    assertThatExceptionOfType(InvalidInputException.class)
        .isThrownBy(() -> fixtures.open(tooLong, SupportTier.BASIC, OPENED_AT))
        .satisfies(
            e ->
                assertThat(e.violations())
                    .extracting(FieldViolation::field)
                    .containsExactly("subject"));
  }

  @Test
  void editing_changes_only_the_masked_fields_and_announces_them() {
    var ticket = fixtures.openTicketFor(ACME);
    var description = ticket.description();

    ticket.edit(
        new TicketEdit(
            Set.of(TicketField.SUBJECT, TicketField.TAGS),
            "Freezer 3 alarm",
            "ignored because not masked",
            java.util.Optional.empty(),
            List.of("freezer")),
        fixtures.policy(),
        fixtures.agentAfter(Duration.ofHours(1)));

    assertThat(ticket.subject()).isEqualTo("Freezer 3 alarm");
    assertThat(ticket.description()).isEqualTo(description);
    assertThat(ticket.tags()).containsExactly("freezer");
    assertThat(ticket.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            TicketUpdated.class,
            updated -> {
              assertThat(updated.changedFields())
                  .containsExactlyInAnyOrder(TicketField.SUBJECT, TicketField.TAGS);
              assertThat(updated.subject()).isEqualTo("Freezer 3 alarm");
            });
  }

  @Test
  void an_edit_that_changes_nothing_raises_nothing() {
    var ticket = fixtures.openTicketFor(ACME);
    var version = ticket.version();

    ticket.edit(
        TicketEdit.nothing().withSubject(ticket.subject()).withPriority(ticket.priority()),
        fixtures.policy(),
        fixtures.agentAfter(Duration.ofHours(1)));

    assertThat(ticket.version()).isEqualTo(version);
    assertThat(ticket.pullEvents()).isEmpty();
  }

  @Test
  void a_masked_priority_must_name_a_priority() {
    var ticket = fixtures.openTicketFor(ACME);
    var edit =
        new TicketEdit(Set.of(TicketField.PRIORITY), "", "", java.util.Optional.empty(), List.of());

    var invalid =
        assertThatExceptionOfType(InvalidInputException.class)
            .isThrownBy(
                () ->
                    ticket.edit(edit, fixtures.policy(), fixtures.agentAfter(Duration.ofHours(1))))
            .actual();

    assertThat(invalid.violations()).extracting(FieldViolation::field).containsExactly("priority");
  }

  @Test
  void update_mask_paths_name_only_client_writable_fields() {
    assertThat(TicketField.fromPaths(List.of("subject", "tags")))
        .containsExactlyInAnyOrder(TicketField.SUBJECT, TicketField.TAGS);
    assertThat(TicketField.fromPaths(List.of("*"))).containsExactlyInAnyOrder(TicketField.values());

    var invalid =
        assertThatExceptionOfType(InvalidInputException.class)
            .isThrownBy(() -> TicketField.fromPaths(List.of("status")))
            .actual();
    assertThat(invalid.reason()).isEqualTo("INVALID_UPDATE_MASK");
    assertThat(invalid.violations())
        .extracting(FieldViolation::field)
        .containsExactly("update_mask");
  }

  @Test
  void resolving_records_the_fix_adds_the_minutes_and_reports_the_tier_at_resolution() {
    var ticket = fixtures.openTicketFor(ACME);
    var at = OPENED_AT.plus(Duration.ofHours(2));

    ticket.resolve(
        new Resolution("Replaced the door seal.", 45), SupportTier.PREMIUM, fixtures.by(AGENT, at));

    assertThat(ticket.status()).isEqualTo(TicketStatus.RESOLVED);
    assertThat(ticket.resolution()).contains("Replaced the door seal.");
    assertThat(ticket.billableMinutes()).isEqualTo(45);
    assertThat(ticket.resolveTime()).contains(at);
    assertThat(ticket.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            TicketResolved.class,
            resolved -> {
              assertThat(resolved.billableMinutes()).isEqualTo(45);
              assertThat(resolved.supportTier()).isEqualTo(SupportTier.PREMIUM);
              assertThat(resolved.resolution()).isEqualTo("Replaced the door seal.");
            });
  }

  @Test
  void a_reopened_and_resolved_again_ticket_bills_each_resolution_once_and_totals_them() {
    var ticket = fixtures.resolvedTicketFor(ACME);

    ticket.reopen(fixtures.agentAfter(Duration.ofDays(1)));
    assertThat(ticket.resolveTime()).isEmpty();
    assertThat(ticket.resolution()).contains("Replaced the door seal.");
    ticket.resolve(
        new Resolution("Replaced the compressor.", 120),
        SupportTier.BASIC,
        fixtures.agentAfter(Duration.ofDays(2)));

    assertThat(ticket.billableMinutes()).isEqualTo(45 + 120);
    assertThat(ticket.pullEvents())
        .filteredOn(TicketResolved.class::isInstance)
        .map(TicketResolved.class::cast)
        .extracting(TicketResolved::billableMinutes)
        .containsExactly(120);
  }

  @Test
  void a_resolution_says_what_fixed_the_problem_and_never_bills_negative_minutes() {
    var invalid =
        assertThatExceptionOfType(InvalidInputException.class)
            .isThrownBy(() -> new Resolution(" ", -1))
            .actual();

    assertThat(invalid.reason()).isEqualTo("INVALID_RESOLUTION");
    assertThat(invalid.violations())
        .extracting(FieldViolation::field)
        .containsExactly("resolution", "billable_minutes");
    assertThat(new Resolution("Goodwill visit.", 0).billableMinutes()).isZero();
  }

  @Test
  void reopening_announces_the_moved_due_times() {
    var ticket = fixtures.resolvedTicketFor(ACME);

    ticket.reopen(fixtures.agentAfter(Duration.ofHours(3)));

    assertThat(ticket.status()).isEqualTo(TicketStatus.OPEN);
    assertThat(ticket.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            TicketReopened.class,
            reopened ->
                assertThat(reopened.resolutionDue()).isEqualTo(ticket.sla().resolutionDue()));
  }

  @Test
  void every_event_advances_the_version_by_one() {
    var ticket = fixtures.open(draftFor(ACME), SupportTier.BASIC, OPENED_AT);
    ticket.assign(new Assignee("agent-ada"), fixtures.agentAfter(Duration.ofMinutes(1)));
    ticket.addComment(
        CommentVisibility.PUBLIC, "Looking into it.", fixtures.agentAfter(Duration.ofMinutes(2)));
    ticket.markPending(fixtures.agentAfter(Duration.ofMinutes(3)));
    ticket.addComment(
        CommentVisibility.PUBLIC,
        "It is cold again.",
        fixtures.by(TicketFixtures.customerOf(ACME), OPENED_AT.plus(Duration.ofMinutes(4))));

    var events = ticket.pullEvents();

    assertThat(events).extracting(TicketEvent::version).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(ticket.version()).isEqualTo(6);
    assertThat(events).extracting(TicketEvent::eventId).doesNotHaveDuplicates();
  }

  @Test
  void a_snapshot_restores_the_same_ticket() {
    var ticket = fixtures.resolvedTicketFor(ACME);

    var restored = Ticket.restore(ticket.snapshot());

    assertThat(restored.snapshot()).isEqualTo(ticket.snapshot());
    assertThat(restored.pullEvents()).isEmpty();
  }
}
