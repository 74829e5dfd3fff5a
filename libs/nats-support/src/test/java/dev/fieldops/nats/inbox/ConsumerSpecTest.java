package dev.fieldops.nats.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumerSpecTest {

  private static final EventSubjects RESOLUTIONS =
      EventSubjects.of(Map.of("fieldops.support.v1.TicketResolved", "support.ticket.resolved"));

  @Test
  void retries_pause_by_the_backoff_and_then_keep_its_last_step() {
    ConsumerSpec spec =
        ConsumerSpec.of("SUPPORT", "invoicing-billable-work", "support.ticket.>", RESOLUTIONS)
            .withRetries(4, List.of(Duration.ofSeconds(1), Duration.ofSeconds(5)));
    assertThat(spec.pauseAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(spec.pauseAfter(2)).isEqualTo(Duration.ofSeconds(5));
    assertThat(spec.pauseAfter(3)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void a_backoff_with_as_many_steps_as_attempts_is_refused() {
    assertThatThrownBy(
            () ->
                ConsumerSpec.of("SUPPORT", "d", "support.>", RESOLUTIONS)
                    .withRetries(2, List.of(Duration.ofSeconds(1), Duration.ofSeconds(2))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_durable_name_with_a_dot_is_refused() {
    assertThatThrownBy(
            () -> ConsumerSpec.of("SUPPORT", "invoicing.billable", "support.>", RESOLUTIONS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void an_event_subject_outside_the_filter_is_refused() {
    assertThatThrownBy(() -> ConsumerSpec.of("SUPPORT", "d", "support.customer.>", RESOLUTIONS))
        .hasMessageContaining("support.ticket.resolved is outside the filter support.customer.>");
  }

  @Test
  void subjects_match_filters_token_by_token() {
    assertThat(ConsumerSpec.matches("support.ticket.>", "support.ticket.resolved")).isTrue();
    assertThat(ConsumerSpec.matches("support.*.resolved", "support.ticket.resolved")).isTrue();
    assertThat(ConsumerSpec.matches("support.ticket.resolved", "support.ticket.resolved")).isTrue();
    assertThat(ConsumerSpec.matches("support.ticket.>", "support.ticket")).isFalse();
    assertThat(ConsumerSpec.matches("support.*", "support.ticket.resolved")).isFalse();
    assertThat(ConsumerSpec.matches("telemetry.>", "support.ticket.resolved")).isFalse();
  }

  @Test
  void a_catalogue_giving_one_subject_to_two_types_is_refused() {
    assertThatThrownBy(
            () ->
                EventSubjects.of(
                    Map.of(
                        "fieldops.telemetry.v1.AlertRaised", "telemetry.alert.raised",
                        "fieldops.telemetry.v1.AlertCleared", "telemetry.alert.raised")))
        .hasMessageContaining("subject telemetry.alert.raised is given to both");
  }

  @Test
  void dead_letter_retention_comes_from_the_environment_and_names_a_bad_variable() {
    assertThat(DeadLetterRetention.fromEnvironment(Map.of()))
        .isEqualTo(new DeadLetterRetention(Duration.ofDays(30), 10_000));
    assertThat(
            DeadLetterRetention.fromEnvironment(
                Map.of("DEAD_LETTER_MAX_AGE", "7d", "DEAD_LETTER_MAX_PER_CONSUMER", "500")))
        .isEqualTo(new DeadLetterRetention(Duration.ofDays(7), 500));
    assertThatThrownBy(
            () -> DeadLetterRetention.fromEnvironment(Map.of("DEAD_LETTER_MAX_AGE", "soon")))
        .hasMessageStartingWith("DEAD_LETTER_MAX_AGE");
    assertThatThrownBy(
            () -> DeadLetterRetention.fromEnvironment(Map.of("DEAD_LETTER_MAX_PER_CONSUMER", "5")))
        .hasMessageStartingWith("DEAD_LETTER_MAX_PER_CONSUMER");
  }
}
