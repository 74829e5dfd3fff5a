package dev.fieldops.nats.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsumerSpecTest {

  @Test
  void retries_pause_by_the_backoff_and_then_keep_its_last_step() {
    ConsumerSpec spec = ConsumerSpec.of("SUPPORT", "invoicing-billable-work", "support.ticket.>")
        .withRetries(4, List.of(Duration.ofSeconds(1), Duration.ofSeconds(5)));
    assertThat(spec.pauseAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(spec.pauseAfter(2)).isEqualTo(Duration.ofSeconds(5));
    assertThat(spec.pauseAfter(3)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void a_backoff_with_as_many_steps_as_attempts_is_refused() {
    assertThatThrownBy(() -> ConsumerSpec.of("SUPPORT", "d", "support.>")
            .withRetries(2, List.of(Duration.ofSeconds(1), Duration.ofSeconds(2))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_durable_name_with_a_dot_is_refused() {
    assertThatThrownBy(() -> ConsumerSpec.of("SUPPORT", "invoicing.billable", "support.>"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
