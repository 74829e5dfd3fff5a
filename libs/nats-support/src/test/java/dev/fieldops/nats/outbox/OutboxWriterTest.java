package dev.fieldops.nats.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OutboxWriterTest {

  @Test
  void no_extra_headers_are_an_empty_object() {
    assertThat(OutboxWriter.toJson(Map.of())).isEqualTo("{}");
  }

  @Test
  void headers_become_a_flat_object_with_sorted_keys_and_escaped_strings() {
    assertThat(
            OutboxWriter.toJson(
                Map.of(
                    "traceparent", "00-abc-01",
                    "baggage", "k=\"v\\w\"",
                    "tab", "a\tb")))
        .isEqualTo(
            "{\"baggage\":\"k=\\\"v\\\\w\\\"\",\"tab\":\"a\\tb\","
                + "\"traceparent\":\"00-abc-01\"}");
  }

  @Test
  void any_header_value_reads_back_as_it_was() {
    Map<String, String> headers =
        Map.of(
            "baggage", "k=<v>&w='x'",
            "control", "\u0000\u001f\r\n",
            "text", "Zürich \u2028 ✓");
    var json = JsonParser.parseString(OutboxWriter.toJson(headers)).getAsJsonObject();
    var read = new TreeMap<String, String>();
    json.entrySet().forEach(e -> read.put(e.getKey(), e.getValue().getAsString()));
    assertThat(read).isEqualTo(headers);
  }
}
