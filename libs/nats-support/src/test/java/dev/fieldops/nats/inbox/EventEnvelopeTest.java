package dev.fieldops.nats.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.nats.inbox.EventEnvelope.InvalidEnvelopeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventEnvelopeTest {

  private final UUID id = UUID.randomUUID();

  private Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("ce-specversion", "1.0");
    h.put("ce-id", id.toString());
    h.put("ce-source", "/fieldops/telemetry");
    h.put("ce-type", "fieldops.telemetry.v1.AlertRaised");
    h.put("ce-time", "2026-11-02T10:15:30.123Z");
    h.put("ce-subject", "alert-7");
    h.put("content-type", "application/protobuf");
    h.put("fieldops-aggregate-version", "4");
    h.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    return h;
  }

  @Test
  void a_complete_envelope_yields_the_event_identity_and_order() throws Exception {
    EventEnvelope envelope = EventEnvelope.parse("telemetry.alert.raised", headers(), new byte[3]);
    assertThat(envelope.eventId()).isEqualTo(id);
    assertThat(envelope.type()).isEqualTo("fieldops.telemetry.v1.AlertRaised");
    assertThat(envelope.aggregateId()).isEqualTo("alert-7");
    assertThat(envelope.aggregateVersion()).isEqualTo(4);
    assertThat(envelope.time()).isEqualTo(Instant.parse("2026-11-02T10:15:30.123Z"));
    assertThat(envelope.isProtobuf()).isTrue();
    assertThat(envelope.header("TraceParent")).startsWith("00-");
  }

  @Test
  void json_with_a_charset_parameter_is_json() throws Exception {
    Map<String, String> h = headers();
    h.put("content-type", "Application/JSON; charset=utf-8");
    assertThat(EventEnvelope.parse("telemetry.alert.raised", h, new byte[0]).isJson()).isTrue();
  }

  @Test
  void an_envelope_without_an_event_id_is_refused() {
    Map<String, String> h = headers();
    h.remove("ce-id");
    assertThatThrownBy(() -> EventEnvelope.parse("telemetry.alert.raised", h, new byte[0]))
        .isInstanceOf(InvalidEnvelopeException.class)
        .hasMessageContaining("ce-id");
  }

  @Test
  void an_envelope_with_a_garbled_version_or_media_type_is_refused() {
    Map<String, String> badVersion = headers();
    badVersion.put("fieldops-aggregate-version", "four");
    assertThatThrownBy(() -> EventEnvelope.parse("s", badVersion, new byte[0]))
        .isInstanceOf(InvalidEnvelopeException.class);
    Map<String, String> xml = headers();
    xml.put("content-type", "application/xml");
    assertThatThrownBy(() -> EventEnvelope.parse("s", xml, new byte[0]))
        .isInstanceOf(InvalidEnvelopeException.class)
        .hasMessageContaining("content-type");
  }
}
