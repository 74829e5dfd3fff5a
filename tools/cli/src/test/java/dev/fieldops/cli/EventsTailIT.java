package dev.fieldops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.gson.JsonObject;
import dev.fieldops.support.v1.TicketOpened;
import dev.fieldops.test.TestNats;
import io.nats.client.Nats;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What {@code ./fieldops events tail} prints for events read from a real stream. */
class EventsTailIT {

  @Test
  void the_read_only_observer_identity_tails_the_shipped_configuration_and_leaves_nothing_behind()
      throws Exception {
    try (var nats = dev.fieldops.test.SecuredTestNats.start();
        var operator =
            dev.fieldops.nats.NatsConnections.connect(
                dev.fieldops.nats.NatsConfig.fromEnvironment(
                    nats.clientEnvironment(dev.fieldops.test.SecuredTestNats.Identity.OPERATOR),
                    "operator"));
        var support =
            dev.fieldops.nats.NatsConnections.connect(
                dev.fieldops.nats.NatsConfig.fromEnvironment(
                    nats.clientEnvironment(dev.fieldops.test.SecuredTestNats.Identity.SUPPORT),
                    "support"))) {
      var provisioner = new dev.fieldops.nats.StreamProvisioner(operator);
      provisioner.provision(dev.fieldops.nats.StreamSpec.of("SUPPORT", "support.>"));
      provisioner.provision(dev.fieldops.nats.StreamSpec.of("TELEMETRY", "telemetry.>"));
      provisioner.provision(dev.fieldops.nats.StreamSpec.of("INVOICING", "invoicing.>"));
      publish(support.connection(), "support.ticket.opened", "t-observed");
      var observer = nats.clientEnvironment(dev.fieldops.test.SecuredTestNats.Identity.OBSERVER);
      var tail = new Tail();

      int exit =
          assertTimeoutPreemptively(
              Duration.ofSeconds(60),
              () ->
                  FieldOpsCli.commandLine(
                          new PrintWriter(tail.out, true),
                          new PrintWriter(tail.err, true),
                          observer)
                      .execute("events", "tail", "--nats", nats.url(), "--all"));

      assertThat(exit).as(tail.err.toString()).isZero();
      assertThat(tail.out()).contains("\"ticket_id\":\"t-observed\"");
      assertThat(nats.log()).doesNotContain("Violation");
      // Without credentials the same command is refused.
      var refused = new Tail();
      int refusedExit =
          FieldOpsCli.commandLine(
                  new PrintWriter(refused.out, true),
                  new PrintWriter(refused.err, true),
                  java.util.Map.of())
              .execute("events", "tail", "--nats", nats.url(), "--all");
      assertThat(refusedExit).isNotZero();
      assertThat(refused.err.toString()).contains("Authorization Violation");
    }
  }

  @Test
  void prints_stream_sequence_subject_cloudevents_headers_and_the_decoded_event() throws Exception {
    try (var nats = TestNats.start();
        var connection = Nats.connect(nats.url())) {
      connection
          .jetStreamManagement()
          .addStream(
              StreamConfiguration.builder()
                  .name("SUPPORT")
                  .subjects("support.>")
                  .storageType(StorageType.File)
                  .build());
      var event =
          TicketOpened.newBuilder()
              .setEventId("e-1")
              .setTicketId("t-1")
              .setTicketNumber("T-2026-000001")
              .setCustomerId("acme-42")
              .setSubject("Freezer alarm")
              .setAggregateVersion(1)
              .build();
      var headers =
          new Headers()
              .add("ce-type", "fieldops.support.v1.TicketOpened")
              .add("ce-id", "e-1")
              .add("content-type", "application/protobuf");
      connection
          .jetStream()
          .publish(
              NatsMessage.builder()
                  .subject("support.ticket.opened")
                  .headers(headers)
                  .data(event.toByteArray())
                  .build());
      var jsonHeaders =
          new Headers()
              .add("ce-type", "fieldops.support.v1.TicketOpened")
              .add("content-type", "application/json");
      connection
          .jetStream()
          .publish(
              NatsMessage.builder()
                  .subject("support.ticket.opened")
                  .headers(jsonHeaders)
                  .data("{\"ticket_id\":\"t-2\"}".getBytes(StandardCharsets.UTF_8))
                  .build());
      connection
          .jetStream()
          .publish(
              NatsMessage.builder()
                  .subject("support.ticket.opened")
                  .headers(new Headers().add("ce-type", "fieldops.support.v1.SomethingNewer"))
                  .data(new byte[] {1, 2, 3})
                  .build());

      var subscription =
          connection
              .jetStream()
              .subscribe(
                  "support.>",
                  PushSubscribeOptions.builder().stream("SUPPORT").ordered(true).build());
      var decoder = new EventDecoder();

      JsonObject first =
          EventsTailCommand.toJson(
              "SUPPORT", subscription.nextMessage(Duration.ofSeconds(5)), decoder);
      assertThat(first.get("stream").getAsString()).isEqualTo("SUPPORT");
      assertThat(first.get("seq").getAsLong()).isEqualTo(1);
      assertThat(first.get("subject").getAsString()).isEqualTo("support.ticket.opened");
      assertThat(first.getAsJsonObject("headers").get("ce-id").getAsString()).isEqualTo("e-1");
      var decoded = first.getAsJsonObject("event");
      assertThat(decoded.get("ticket_number").getAsString()).isEqualTo("T-2026-000001");
      assertThat(decoded.get("customer_id").getAsString()).isEqualTo("acme-42");

      JsonObject second =
          EventsTailCommand.toJson(
              "SUPPORT", subscription.nextMessage(Duration.ofSeconds(5)), decoder);
      assertThat(second.getAsJsonObject("event").get("ticket_id").getAsString()).isEqualTo("t-2");

      JsonObject third =
          EventsTailCommand.toJson(
              "SUPPORT", subscription.nextMessage(Duration.ofSeconds(5)), decoder);
      assertThat(third.getAsJsonObject("event").get("undecodable").getAsString())
          .contains("fieldops.support.v1.SomethingNewer");
    }
  }

  @Test
  void a_subject_selects_the_stream_that_carries_it() {
    assertThat(EventsTailCommand.select(">")).hasSize(3);
    assertThat(EventsTailCommand.select("telemetry.alert.>"))
        .singleElement()
        .satisfies(stream -> assertThat(stream[0]).isEqualTo("TELEMETRY"));
    assertThat(EventsTailCommand.select("billing.>")).isEmpty();
  }

  @Test
  void the_decoder_knows_every_event_of_the_contract() {
    assertThat(new EventDecoder().eventTypes())
        .containsKeys(
            "fieldops.support.v1.TicketResolved",
            "fieldops.telemetry.v1.AlertRaised",
            "fieldops.invoicing.v1.InvoicePaid");
  }

  /** What one run of {@code ./fieldops events tail ARGS} printed, and its exit code. */
  record Run(int exit, String out, String err) {}

  private static final class Tail {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    synchronized String out() {
      return out.toString();
    }

    int run(String natsUrl, String... args) {
      String[] line = new String[args.length + 4];
      line[0] = "events";
      line[1] = "tail";
      line[2] = "--nats";
      line[3] = natsUrl;
      System.arraycopy(args, 0, line, 4, args.length);
      return FieldOpsCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
          .execute(line);
    }
  }

  private static void publish(io.nats.client.Connection connection, String subject, String ticketId)
      throws Exception {
    connection
        .jetStream()
        .publish(
            NatsMessage.builder()
                .subject(subject)
                .headers(
                    new Headers()
                        .add("ce-type", "fieldops.support.v1.TicketOpened")
                        .add("content-type", "application/protobuf"))
                .data(TicketOpened.newBuilder().setTicketId(ticketId).build().toByteArray())
                .build());
  }

  private static void addStream(io.nats.client.Connection connection, String name, String subjects)
      throws Exception {
    connection
        .jetStreamManagement()
        .addStream(
            StreamConfiguration.builder()
                .name(name)
                .subjects(subjects)
                .storageType(StorageType.File)
                .build());
  }

  @Test
  void all_prints_what_the_streams_hold_now_and_stops_at_their_end() throws Exception {
    try (var nats = TestNats.start();
        var connection = Nats.connect(nats.url())) {
      addStream(connection, "SUPPORT", "support.>");
      addStream(connection, "TELEMETRY", "telemetry.>");
      // INVOICING does not exist (yet): nothing to print from it, no reason to wait.
      publish(connection, "support.ticket.opened", "t-1");
      publish(connection, "support.ticket.assigned", "t-1");
      publish(connection, "telemetry.alert.raised", "a-1");

      var tail = new Tail();
      int exit =
          assertTimeoutPreemptively(
              Duration.ofSeconds(30), () -> tail.run(nats.url(), "--all", "--count", "20"));

      assertThat(exit).isZero();
      assertThat(tail.out().lines()).hasSize(3);
      assertThat(tail.err.toString()).contains("no stream INVOICING");

      var filtered = new Tail();
      assertThat(
              assertTimeoutPreemptively(
                  Duration.ofSeconds(30),
                  () -> filtered.run(nats.url(), "--all", "support.ticket.assigned")))
          .isZero();
      assertThat(filtered.out().lines())
          .singleElement()
          .satisfies(line -> assertThat(line).contains("\"subject\":\"support.ticket.assigned\""));

      var nothing = new Tail();
      assertThat(
              assertTimeoutPreemptively(
                  Duration.ofSeconds(30),
                  () -> nothing.run(nats.url(), "--since", "1h", "support.ticket.closed")))
          .isZero();
      assertThat(nothing.out()).isEmpty();
    }
  }

  @Test
  void follow_goes_on_after_the_end_until_the_count_is_reached() throws Exception {
    try (var nats = TestNats.start();
        var connection = Nats.connect(nats.url())) {
      addStream(connection, "SUPPORT", "support.>");
      publish(connection, "support.ticket.opened", "t-1");

      var tail = new Tail();
      var exit =
          CompletableFuture.supplyAsync(
              () -> tail.run(nats.url(), "--all", "--follow", "--count", "2", "support.>"));
      await().atMost(Duration.ofSeconds(20)).until(() -> tail.out().lines().count() == 1);
      assertThat(exit).isNotDone();

      publish(connection, "support.ticket.resolved", "t-1");

      assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
      assertThat(tail.out().lines())
          .hasSize(2)
          .last()
          .satisfies(line -> assertThat(line).contains("support.ticket.resolved"));
    }
  }

  @Test
  void a_subject_no_stream_carries_and_a_bad_duration_are_usage_errors() throws Exception {
    var tail = new Tail();
    assertThat(tail.run("nats://127.0.0.1:1", "billing.>")).isEqualTo(2);
    assertThat(tail.run("nats://127.0.0.1:1", "--since", "yesterday")).isEqualTo(2);
    assertThat(tail.err.toString())
        .contains("fieldops events tail: no FieldOps stream carries 'billing.>'")
        .contains("--since: 'yesterday' is not a duration");
  }
}
