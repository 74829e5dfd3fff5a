package dev.fieldops.support.domain.ticket;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.GLOBEX;
import static dev.fieldops.support.domain.ticket.TicketFixtures.draftFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.testing.InMemoryTicketNumberSequence;
import dev.fieldops.support.testing.TestIds;
import java.time.Instant;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TicketNumberTest {

  @Test
  void a_ticket_number_reads_as_the_year_and_a_six_digit_sequence() {
    assertThat(new TicketNumber(Year.of(2026), 123)).hasToString("T-2026-000123");
    assertThat(new TicketNumber(Year.of(2026), 1_234_567)).hasToString("T-2026-1234567");
    assertThat(new TicketNumber(Year.of(1999), 1)).hasToString("T-1999-000001");
    assertThat(new TicketNumber(Year.of(2026), 999_999)).hasToString("T-2026-999999");
    assertThat(new TicketNumber(Year.of(9999), Long.MAX_VALUE))
        .hasToString("T-9999-" + Long.MAX_VALUE);
  }

  @Test
  void a_ticket_number_is_read_back_from_its_text() {
    assertThat(TicketNumber.parse("T-2026-000123")).isEqualTo(new TicketNumber(Year.of(2026), 123));
    assertThat(TicketNumber.parse("T-2027-1234567"))
        .isEqualTo(new TicketNumber(Year.of(2027), 1_234_567));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "T-2026-123",
        "T-2026-0000123",
        "t-2026-000123",
        "T-26-000123",
        "T-2026-000000",
        ""
      })
  void only_the_canonical_spelling_is_a_ticket_number(String text) {
    var invalid =
        assertThatExceptionOfType(InvalidInputException.class)
            .isThrownBy(() -> TicketNumber.parse(text))
            .actual();

    assertThat(invalid.reason()).isEqualTo("INVALID_TICKET_NUMBER");
  }

  @Test
  void the_year_is_the_year_the_ticket_was_opened_in_utc() {
    var drawnFor = new ArrayList<Year>();
    TicketNumberSequence sequence =
        year -> {
          drawnFor.add(year);
          return new TicketNumber(year, 1);
        };

    TicketNumber.next(Instant.parse("2026-12-31T23:30:00Z"), sequence);
    TicketNumber.next(Instant.parse("2027-01-01T00:00:00Z"), sequence);

    assertThat(drawnFor).containsExactly(Year.of(2026), Year.of(2027));
  }

  @Test
  void numbers_are_unique_within_a_year_and_every_year_starts_again() {
    var fixtures = new TicketFixtures(new InMemoryTicketNumberSequence(), new TestIds());
    var opened = new ArrayList<Ticket>();
    for (var at : List.of("2026-03-02T09:00:00Z", "2026-06-01T10:00:00Z", "2026-12-31T23:59:59Z")) {
      opened.add(fixtures.open(draftFor(ACME), SupportTier.BASIC, Instant.parse(at)));
    }
    for (var at : List.of("2027-01-01T00:00:00Z", "2027-01-02T08:00:00Z")) {
      opened.add(fixtures.open(draftFor(GLOBEX), SupportTier.BASIC, Instant.parse(at)));
    }

    assertThat(opened)
        .extracting(ticket -> ticket.number().toString())
        .containsExactly(
            "T-2026-000001", "T-2026-000002", "T-2026-000003", "T-2027-000001", "T-2027-000002");
  }

  @Test
  void a_ticket_keeps_its_number_through_its_whole_life() {
    var fixtures = TicketFixtures.tickets();
    var ticket = fixtures.newTicketFor(ACME);
    var number = ticket.number();
    var seen = new ArrayList<TicketNumber>();

    ticket.assign(new Assignee("agent-ada"), fixtures.agentAfter(java.time.Duration.ofMinutes(1)));
    seen.add(ticket.number());
    ticket.markPending(fixtures.agentAfter(java.time.Duration.ofMinutes(2)));
    seen.add(ticket.number());
    ticket.resume(fixtures.agentAfter(java.time.Duration.ofMinutes(3)));
    ticket.resolve(
        new Resolution("Fixed.", 5),
        SupportTier.BASIC,
        fixtures.agentAfter(java.time.Duration.ofMinutes(4)));
    seen.add(ticket.number());
    ticket.reopen(fixtures.agentAfter(java.time.Duration.ofMinutes(5)));
    ticket.resolve(
        new Resolution("Fixed again.", 5),
        SupportTier.BASIC,
        fixtures.agentAfter(java.time.Duration.ofMinutes(6)));
    ticket.close(fixtures.agentAfter(java.time.Duration.ofMinutes(7)));
    seen.add(ticket.number());
    seen.add(Ticket.restore(ticket.snapshot()).number());

    assertThat(seen).containsOnly(number);
    assertThat(ticket.pullEvents())
        .extracting(event -> event.header().ticketNumber())
        .containsOnly(number);
  }

  @Test
  void a_sequence_answering_for_another_year_is_a_bug_not_a_number() {
    TicketNumberSequence broken = year -> new TicketNumber(year.plusYears(1), 1);

    assertThatThrownBy(() -> TicketNumber.next(Instant.parse("2026-05-05T00:00:00Z"), broken))
        .isInstanceOf(IllegalStateException.class);
  }
}
