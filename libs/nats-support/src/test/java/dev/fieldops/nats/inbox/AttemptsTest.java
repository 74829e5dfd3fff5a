package dev.fieldops.nats.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttemptsTest {

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
    var attempts = new Attempts(SPEC, 10);
    assertThat(
            List.of(
                attempts.waited(7),
                attempts.waited(7),
                attempts.waited(7),
                attempts.waited(7),
                attempts.waited(7)))
        .containsExactly(
            Attempts.FIRST_WAIT,
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofMinutes(2),
            Duration.ofMinutes(2));
  }

  @Test
  void a_failed_attempt_pauses_along_the_backoff_from_its_first_entry() {
    var attempts = new Attempts(SPEC, 10);
    assertThat(List.of(attempts.failed(7), attempts.failed(7), attempts.failed(7)))
        .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(2));
  }

  @Test
  void the_current_attempt_counts_waits_and_failures_of_the_message_and_starts_at_one() {
    var attempts = new Attempts(SPEC, 10);
    assertThat(attempts.current(7)).isOne();
    attempts.waited(7);
    attempts.failed(7);
    assertThat(attempts.current(7)).isEqualTo(3);
    assertThat(attempts.current(8)).as("another message").isOne();
  }

  @Test
  void each_message_counts_its_own_attempts_and_a_settled_one_starts_again() {
    var attempts = new Attempts(SPEC, 10);
    attempts.waited(7);
    attempts.waited(7);
    assertThat(attempts.waited(8))
        .as("another message's first wait")
        .isEqualTo(Attempts.FIRST_WAIT);
    attempts.settled(7);
    assertThat(attempts.current(7)).isOne();
    assertThat(attempts.waited(7)).isEqualTo(Attempts.FIRST_WAIT);
    assertThat(attempts.waited(8)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void the_oldest_counts_are_forgotten_beyond_the_capacity() {
    var attempts = new Attempts(SPEC, 2);
    attempts.waited(1);
    attempts.waited(2);
    attempts.waited(3);
    assertThat(attempts.remembered()).isEqualTo(2);
    assertThat(attempts.waited(3)).isEqualTo(Duration.ofSeconds(10));
    assertThat(attempts.current(1)).as("forgotten: its attempts start again").isOne();
  }

  @Test
  void settling_a_message_that_was_never_tried_changes_nothing() {
    var attempts = new Attempts(SPEC, 2);
    attempts.settled(5);
    attempts.failed(6);
    attempts.settled(5);
    assertThat(attempts.remembered()).isOne();
  }

  @Test
  void a_capacity_below_one_is_refused() {
    assertThatThrownBy(() -> new Attempts(SPEC, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity");
  }
}
