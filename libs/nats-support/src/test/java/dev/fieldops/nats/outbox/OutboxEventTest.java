package dev.fieldops.nats.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OutboxEventTest {

  private static OutboxEvent ticketOpened() {
    return OutboxEvent.protobuf(
        UUID.randomUUID(),
        "ticket",
        "ticket-1",
        1,
        "support.ticket.opened",
        "fieldops.support.v1.TicketOpened",
        new byte[] {1},
        Instant.parse("2026-11-02T10:00:00Z"));
  }

  @Test
  void an_event_carries_its_trace_context_as_an_extra_header() {
    OutboxEvent event =
        ticketOpened().withTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(event.headers()).containsKey("traceparent");
    assertThat(event.contentType()).isEqualTo("application/protobuf");
  }

  @Test
  void no_trace_context_adds_no_header() {
    assertThat(ticketOpened().withTraceparent(null).headers()).isEmpty();
  }

  @Test
  void an_event_cannot_override_a_header_the_relay_derives() {
    assertThatThrownBy(() -> ticketOpened().withHeader("ce-id", "forged"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ticketOpened().withHeader("Nats-Msg-Id", "forged"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void an_event_is_published_on_a_concrete_subject() {
    assertThatThrownBy(
            () ->
                OutboxEvent.protobuf(
                    UUID.randomUUID(),
                    "ticket",
                    "ticket-1",
                    1,
                    "support.ticket.>",
                    "fieldops.support.v1.TicketOpened",
                    new byte[0],
                    Instant.now()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
