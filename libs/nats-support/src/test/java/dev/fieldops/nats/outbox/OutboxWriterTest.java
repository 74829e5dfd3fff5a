package dev.fieldops.nats.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboxWriterTest {

  @Test
  void no_extra_headers_are_an_empty_object() {
    assertThat(OutboxWriter.toJson(Map.of())).isEqualTo("{}");
  }

  @Test
  void headers_become_a_flat_object_with_sorted_keys_and_escaped_strings() {
    assertThat(OutboxWriter.toJson(Map.of(
            "traceparent", "00-abc-01",
            "baggage", "k=\"v\\w\"",
            "tab", "a\tb")))
        .isEqualTo("{\"baggage\":\"k=\\\"v\\\\w\\\"\",\"tab\":\"a\\u0009b\","
            + "\"traceparent\":\"00-abc-01\"}");
  }
}
