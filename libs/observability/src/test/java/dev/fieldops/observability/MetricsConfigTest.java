package dev.fieldops.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsConfigTest {

  @Test
  void the_endpoint_is_off_unless_a_port_is_given() {
    assertThat(MetricsConfig.fromEnvironment(Map.of()))
        .isEqualTo(new MetricsConfig(false, "127.0.0.1", 0));
    assertThat(MetricsConfig.fromEnvironment(Map.of("METRICS_PORT", "0")).serve()).isFalse();
  }

  @Test
  void a_port_turns_the_endpoint_on_at_loopback_by_default() {
    assertThat(MetricsConfig.fromEnvironment(Map.of("METRICS_PORT", "9464")))
        .isEqualTo(new MetricsConfig(true, "127.0.0.1", 9464));
    assertThat(
            MetricsConfig.fromEnvironment(
                Map.of("METRICS_PORT", "9464", "METRICS_ADDRESS", "0.0.0.0")))
        .isEqualTo(new MetricsConfig(true, "0.0.0.0", 9464));
  }

  @Test
  void the_virtual_thread_meters_are_off_unless_asked_for() {
    assertThat(MetricsConfig.fromEnvironment(Map.of()).virtualThreads()).isFalse();
    assertThat(
            MetricsConfig.fromEnvironment(Map.of("METRICS_VIRTUAL_THREADS", "true"))
                .virtualThreads())
        .isTrue();
    assertThatThrownBy(
            () -> MetricsConfig.fromEnvironment(Map.of("METRICS_VIRTUAL_THREADS", "maybe")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("METRICS_VIRTUAL_THREADS");
  }

  @Test
  void a_bad_port_names_the_variable() {
    assertThatThrownBy(() -> MetricsConfig.fromEnvironment(Map.of("METRICS_PORT", "70000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("METRICS_PORT");
    assertThatThrownBy(() -> MetricsConfig.fromEnvironment(Map.of("METRICS_PORT", "http")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("METRICS_PORT");
  }
}
