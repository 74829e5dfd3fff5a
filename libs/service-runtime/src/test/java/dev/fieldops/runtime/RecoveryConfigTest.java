package dev.fieldops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecoveryConfigTest {

  @Test
  void the_defaults_keep_published_events_three_hours_and_allow_a_minute_of_backlog() {
    var config = RecoveryConfig.fromEnvironment(Map.of());

    assertThat(config.outboxRetention()).isEqualTo(Duration.ofHours(3));
    assertThat(config.maxUnpublishedAge()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.natsStartWait()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void the_retention_is_read_from_its_variable() {
    var config =
        RecoveryConfig.fromEnvironment(
            Map.of(
                RecoveryConfig.OUTBOX_RETENTION,
                "2d",
                RecoveryConfig.OUTBOX_MAX_UNPUBLISHED_AGE,
                "30s",
                RecoveryConfig.NATS_START_WAIT,
                "0s"));

    assertThat(config.outboxRetention()).isEqualTo(Duration.ofDays(2));
    assertThat(config.maxUnpublishedAge()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.natsStartWait()).isZero();
  }

  @Test
  void a_retention_too_short_to_repair_anything_is_refused_naming_the_variable() {
    assertThatThrownBy(
            () -> RecoveryConfig.fromEnvironment(Map.of(RecoveryConfig.OUTBOX_RETENTION, "10s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("OUTBOX_RETENTION");
  }
}
