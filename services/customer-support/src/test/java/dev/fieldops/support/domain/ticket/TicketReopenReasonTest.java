package dev.fieldops.support.domain.ticket;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.tickets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketReopened;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TicketReopenReasonTest {

  private final TicketFixtures fixtures = tickets();

  @Test
  void the_reason_a_fix_did_not_hold_is_published_with_the_reopening() {
    var ticket = fixtures.resolvedTicketFor(ACME);

    ticket.reopen("The freezer is warm again.", fixtures.agentAfter(Duration.ofHours(2)));

    assertThat(ticket.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            TicketReopened.class,
            e -> assertThat(e.reason()).isEqualTo("The freezer is warm again."));
  }

  @Test
  void a_reopening_without_a_reason_publishes_an_empty_one() {
    var ticket = fixtures.resolvedTicketFor(ACME);

    ticket.reopen(fixtures.agentAfter(Duration.ofHours(2)));

    assertThat(ticket.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(TicketReopened.class, e -> assertThat(e.reason()).isEmpty());
  }

  @Test
  void an_overlong_reason_is_invalid_and_leaves_the_ticket_resolved() {
    var ticket = fixtures.resolvedTicketFor(ACME);

    var invalid =
        assertThatExceptionOfType(InvalidInputException.class)
            .isThrownBy(
                () -> ticket.reopen("x".repeat(1001), fixtures.agentAfter(Duration.ofHours(2))))
            .actual();

    assertThat(invalid.reason()).isEqualTo("INVALID_REOPEN_REASON");
    assertThat(invalid.violations()).extracting(v -> v.field()).containsExactly("reason");
    assertThat(ticket.status()).isEqualTo(TicketStatus.RESOLVED);
    assertThat(ticket.pullEvents()).isEmpty();
  }
}
