package dev.fieldops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterRetriesTest {

  private static final ServiceDescriptor SUPPORT = TestDescriptors.SUPPORT;

  @Test
  void the_job_and_its_variable_are_named_after_the_context() {
    assertThat(DeadLetterRetries.jobName(SUPPORT)).isEqualTo("support-dead-letter-retries");
    assertThat(DeadLetterRetries.intervalVariable(SUPPORT))
        .isEqualTo("SUPPORT_DEAD_LETTER_RETRY_INTERVAL");
  }

  @Test
  void requests_are_performed_every_two_seconds_unless_configured() {
    assertThat(DeadLetterRetries.interval(SUPPORT, Map.of())).isEqualTo(Duration.ofSeconds(2));
    assertThat(
            DeadLetterRetries.interval(
                SUPPORT, Map.of("SUPPORT_DEAD_LETTER_RETRY_INTERVAL", "200ms")))
        .isEqualTo(Duration.ofMillis(200));
    assertThatThrownBy(
            () ->
                DeadLetterRetries.interval(
                    SUPPORT, Map.of("SUPPORT_DEAD_LETTER_RETRY_INTERVAL", "1ms")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SUPPORT_DEAD_LETTER_RETRY_INTERVAL");
  }
}
