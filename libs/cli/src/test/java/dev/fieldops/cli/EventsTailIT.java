package dev.fieldops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.fieldops.support.v1.TicketOpened;
import dev.fieldops.test.TestNats;
import io.nats.client.Nats;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What {@code ./fieldops events tail} prints for events read from a real stream. */
class EventsTailIT {

  @Test
  void prints_stream_sequence_subject_cloudevents_headers_and_the_decoded_event() throws Exception {
    try (var nats = TestNats.start(); var connection = Nats.connect(nats.url())) {
      connection.jetStreamManagement().addStream(StreamConfiguration.builder().name("SUPPORT")
          .subjects("support.>").storageType(StorageType.File).build());
      var event = TicketOpened.newBuilder().setEventId("e-1").setTicketId("t-1")
          .setTicketNumber("T-2026-000001").setCustomerId("acme-42").setSubject("Freezer alarm")
          .setAggregateVersion(1).build();
      var headers = new Headers().add("ce-type", "fieldops.support.v1.TicketOpened")
          .add("ce-id", "e-1").add("content-type", "application/protobuf");
      connection.jetStream().publish(NatsMessage.builder().subject("support.ticket.opened")
          .headers(headers).data(event.toByteArray()).build());
      var jsonHeaders = new Headers().add("ce-type", "fieldops.support.v1.TicketOpened")
          .add("content-type", "application/json");
      connection.jetStream().publish(NatsMessage.builder().subject("support.ticket.opened")
          .headers(jsonHeaders).data("{\"ticket_id\":\"t-2\"}".getBytes(StandardCharsets.UTF_8)).build());
      connection.jetStream().publish(NatsMessage.builder().subject("support.ticket.opened")
          .headers(new Headers().add("ce-type", "fieldops.support.v1.SomethingNewer"))
          .data(new byte[] {1, 2, 3}).build());

      var subscription = connection.jetStream().subscribe("support.>",
          PushSubscribeOptions.builder().stream("SUPPORT").ordered(true).build());
      var decoder = new EventDecoder();

      JsonObject first = EventsTailCommand.toJson("SUPPORT", subscription.nextMessage(Duration.ofSeconds(5)), decoder);
      assertThat(first.get("stream").getAsString()).isEqualTo("SUPPORT");
      assertThat(first.get("seq").getAsLong()).isEqualTo(1);
      assertThat(first.get("subject").getAsString()).isEqualTo("support.ticket.opened");
      assertThat(first.getAsJsonObject("headers").get("ce-id").getAsString()).isEqualTo("e-1");
      var decoded = first.getAsJsonObject("event");
      assertThat(decoded.get("ticket_number").getAsString()).isEqualTo("T-2026-000001");
      assertThat(decoded.get("customer_id").getAsString()).isEqualTo("acme-42");

      JsonObject second = EventsTailCommand.toJson("SUPPORT", subscription.nextMessage(Duration.ofSeconds(5)), decoder);
      assertThat(second.getAsJsonObject("event").get("ticket_id").getAsString()).isEqualTo("t-2");

      JsonObject third = EventsTailCommand.toJson("SUPPORT", subscription.nextMessage(Duration.ofSeconds(5)), decoder);
      assertThat(third.getAsJsonObject("event").get("undecodable").getAsString())
          .contains("fieldops.support.v1.SomethingNewer");
    }
  }

  @Test
  void a_subject_selects_the_stream_that_carries_it() {
    assertThat(EventsTailCommand.select(">")).hasSize(3);
    assertThat(EventsTailCommand.select("telemetry.alert.>")).singleElement()
        .satisfies(stream -> assertThat(stream[0]).isEqualTo("TELEMETRY"));
    assertThat(EventsTailCommand.select("billing.>")).isEmpty();
  }

  @Test
  void the_decoder_knows_every_event_of_the_contract() {
    assertThat(new EventDecoder().eventTypes()).containsKeys(
        "fieldops.support.v1.TicketResolved", "fieldops.telemetry.v1.AlertRaised",
        "fieldops.invoicing.v1.InvoicePaid");
  }
}
