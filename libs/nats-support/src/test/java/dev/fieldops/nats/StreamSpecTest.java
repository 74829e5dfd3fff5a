package dev.fieldops.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamSpecTest {

  @Test
  void a_context_stream_gets_the_platform_defaults() {
    StreamSpec support = StreamSpec.of("SUPPORT", "support.>");
    assertThat(support.subjects()).containsExactly("support.>");
    assertThat(support.duplicateWindow()).isEqualTo(Duration.ofMinutes(2));
    assertThat(support.maxAge()).isEqualTo(Duration.ofDays(7));
    assertThat(support.replicas()).isOne();
  }

  @Test
  void a_duplicate_window_longer_than_the_retention_is_refused() {
    assertThatThrownBy(
            () -> StreamSpec.of("SUPPORT", "support.>").withMaxAge(Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicateWindow");
  }

  @Test
  void a_stream_name_with_a_dot_is_refused() {
    assertThatThrownBy(() -> StreamSpec.of("support.events", "support.>"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
