package dev.fieldops.nats.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RelayConfigTest {

  private final RelayConfig defaults = RelayConfig.forStream("SUPPORT", "/fieldops/support");

  @Test
  void each_with_method_changes_its_own_component_only() {
    RelayObserver observer = new RelayObserver() {};
    RelayConfig changed =
        defaults
            .withWorkers(3)
            .withBatchSize(50)
            .withMaxOutstandingAcks(70)
            .withAckTimeout(Duration.ofSeconds(2))
            .withPollInterval(Duration.ofMillis(300))
            .withRetention(Duration.ofHours(5))
            .withReconcileWindow(Duration.ofHours(4))
            .withStopTimeout(Duration.ofSeconds(3))
            .withStreamReading(RelayConfig.StreamReading.SINGLE_MESSAGES)
            .withObserver(observer);

    assertThat(changed)
        .isEqualTo(
            new RelayConfig(
                "SUPPORT",
                "/fieldops/support",
                3,
                50,
                70,
                Duration.ofSeconds(2),
                Duration.ofMillis(300),
                Duration.ofHours(5),
                Duration.ofHours(4),
                Duration.ofSeconds(3),
                RelayConfig.StreamReading.SINGLE_MESSAGES,
                observer));
    assertThat(defaults.withBatchSize(50))
        .extracting(RelayConfig::workers, RelayConfig::streamReading)
        .containsExactly(RelayConfig.DEFAULT_WORKERS, RelayConfig.StreamReading.ORDERED_CONSUMER);
  }

  @Test
  void a_shorter_retention_shortens_the_reconcile_window_and_a_longer_leaves_it() {
    assertThat(defaults.withRetention(Duration.ofHours(1)).reconcileWindow())
        .isEqualTo(Duration.ofHours(1));
    assertThat(defaults.withRetention(Duration.ofHours(6)).reconcileWindow())
        .isEqualTo(Duration.ofHours(3));
  }

  @Test
  void a_change_is_checked_like_a_new_configuration() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> defaults.withReconcileWindow(Duration.ofHours(4)))
        .withMessageContaining("reconcileWindow must not exceed retention");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> defaults.withWorkers(0))
        .withMessageContaining("workers must be 1 to 16");
  }
}
