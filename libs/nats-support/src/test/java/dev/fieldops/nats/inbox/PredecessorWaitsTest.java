package dev.fieldops.nats.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredecessorWaitsTest {

  private static final ConsumerSpec SPEC =
      ConsumerSpec.of(
              "SUPPORT",
              "invoicing-billable-work",
              "support.ticket.>",
              EventSubjects.of(
                  Map.of("fieldops.support.v1.TicketResolved", "support.ticket.resolved")))
          .withRetries(
              5, List.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(2)));

  @Test
  void a_message_waits_briefly_first_then_along_the_backoff_to_its_last_entry() {
    var waits = new PredecessorWaits(SPEC, 10);
    assertThat(List.of(waits.next(7), waits.next(7), waits.next(7), waits.next(7), waits.next(7)))
        .containsExactly(
            PredecessorWaits.FIRST,
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofMinutes(2),
            Duration.ofMinutes(2));
  }

  @Test
  void each_message_counts_its_own_waits_and_a_settled_one_starts_again() {
    var waits = new PredecessorWaits(SPEC, 10);
    waits.next(7);
    waits.next(7);
    assertThat(waits.next(8)).as("another message's first wait").isEqualTo(PredecessorWaits.FIRST);
    waits.settled(7);
    assertThat(waits.next(7)).isEqualTo(PredecessorWaits.FIRST);
    assertThat(waits.next(8)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void the_oldest_counts_are_forgotten_beyond_the_capacity() {
    var waits = new PredecessorWaits(SPEC, 2);
    waits.next(1);
    waits.next(2);
    waits.next(3);
    assertThat(waits.remembered()).isEqualTo(2);
    assertThat(waits.next(3)).isEqualTo(Duration.ofSeconds(10));
    assertThat(waits.next(1)).as("forgotten: short again").isEqualTo(PredecessorWaits.FIRST);
  }

  @Test
  void settling_a_message_that_never_waited_changes_nothing() {
    var waits = new PredecessorWaits(SPEC, 2);
    waits.settled(5);
    waits.next(6);
    waits.settled(5);
    assertThat(waits.remembered()).isOne();
  }

  @Test
  void a_capacity_below_one_is_refused() {
    assertThatThrownBy(() -> new PredecessorWaits(SPEC, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity");
  }
}
