package dev.fieldops.nats.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.nats.ConnectionState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RelayStateTest {

  private static final Duration MAX_AGE = Duration.ofSeconds(60);

  private static RelayState state(
      ConnectionState nats,
      boolean streamReady,
      Optional<Duration> oldest,
      Optional<Instant> failingSince) {
    return new RelayState(
        true,
        nats,
        streamReady,
        3,
        oldest,
        failingSince,
        10,
        0,
        0,
        0,
        1,
        0,
        0,
        Optional.empty(),
        Optional.of("503 No Responders"),
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void events_flowing_in_time_are_no_problem() {
    assertThat(
            state(
                    ConnectionState.CONNECTED,
                    true,
                    Optional.of(Duration.ofSeconds(2)),
                    Optional.empty())
                .problem(MAX_AGE))
        .isEmpty();
  }

  @Test
  void a_backlog_older_than_allowed_is_a_problem_even_while_connected() {
    assertThat(
            state(
                    ConnectionState.CONNECTED,
                    true,
                    Optional.of(Duration.ofSeconds(61)),
                    Optional.empty())
                .problem(MAX_AGE))
        .hasValueSatisfying(p -> assertThat(p).contains("waited PT1M1S"));
  }

  @Test
  void publishing_that_keeps_failing_is_a_problem_with_its_cause() {
    assertThat(
            state(
                    ConnectionState.CONNECTED,
                    true,
                    Optional.of(Duration.ofSeconds(1)),
                    Optional.of(Instant.parse("2026-12-04T10:00:00Z")))
                .problem(MAX_AGE))
        .hasValueSatisfying(p -> assertThat(p).contains("publishing fails since", "No Responders"));
  }

  @Test
  void a_missing_stream_or_broker_is_a_problem() {
    assertThat(
            state(ConnectionState.RECONNECTING, false, Optional.empty(), Optional.empty())
                .problem(MAX_AGE))
        .hasValueSatisfying(
            p -> assertThat(p).contains("NATS is RECONNECTING", "stream is not ready"));
  }
}
