package dev.fieldops.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamModeTest {

  @Test
  void a_service_creates_its_stream_unless_told_to_only_verify_it() {
    assertThat(StreamMode.fromEnvironment(Map.of())).isEqualTo(StreamMode.CREATE);
    assertThat(StreamMode.fromEnvironment(Map.of("EVENTS_STREAM_MODE", "Verify")))
        .isEqualTo(StreamMode.VERIFY);
    assertThat(StreamMode.fromEnvironment(Map.of("EVENTS_STREAM_MODE", "create")))
        .isEqualTo(StreamMode.CREATE);
  }

  @Test
  void an_unknown_mode_fails_naming_the_variable() {
    assertThatThrownBy(() -> StreamMode.fromEnvironment(Map.of("EVENTS_STREAM_MODE", "repair")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EVENTS_STREAM_MODE")
        .hasMessageContaining("create or verify");
  }
}
