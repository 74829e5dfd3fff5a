package dev.fieldops.nats.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.nats.EventHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OutboxEncoderTest {

  private static final String TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  private final OutboxEncoder<String> mapper =
      name ->
          OutboxEvent.protobuf(
              UUID.randomUUID(),
              "thing",
              name,
              1,
              "things.created",
              "fieldops.test.v1.ThingCreated",
              new byte[] {1},
              Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void the_trace_context_of_the_work_being_done_is_read_when_each_event_is_encoded() {
    var current = new AtomicReference<Optional<String>>(Optional.empty());
    var traced = mapper.withTraceparent(current::get);

    var untraced = traced.encode("a");
    current.set(Optional.of(TRACE));
    var rows = traced.encodeAll(List.of("b", "c"));

    assertThat(untraced.headers()).doesNotContainKey(EventHeaders.TRACEPARENT);
    assertThat(rows)
        .extracting(row -> row.headers().get(EventHeaders.TRACEPARENT))
        .containsExactly(TRACE, TRACE);
    assertThat(rows).extracting(OutboxEvent::aggregateId).containsExactly("b", "c");
  }

  @Test
  void the_mapper_itself_adds_no_trace_context() {
    assertThat(mapper.encode("a").headers()).doesNotContainKey(EventHeaders.TRACEPARENT);
  }
}
