package dev.fieldops.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.fieldops.invoicing.bootstrap.InvoicingMain;
import dev.fieldops.runtime.ServiceDescriptor;
import dev.fieldops.support.bootstrap.CustomerSupportMain;
import dev.fieldops.telemetry.bootstrap.TelemetryMain;
import io.grpc.ManagedChannel;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three services as one system: each with its own database, one nats-server, real gRPC on
 * sockets. The story is driven by {@code ./fieldops demo} through the public APIs only; afterwards
 * the streams and the services' inboxes are checked: every step's event was published once, and
 * every event a context reacts to was consumed exactly once, with nothing parked.
 */
class WholeStoryIT {

  private static RunningSystem system;

  @BeforeAll
  static void startTheSystem() throws Exception {
    system = RunningSystem.start();
  }

  @AfterAll
  static void stopTheSystem() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void a_temperature_spike_becomes_a_ticket_a_charge_an_invoice_and_a_payment() throws Exception {
    var run = system.demo();
    String story = run.output();
    int exit = run.exit();
    var errors = run.errors();

    assertThat(exit).as("demo output:%n%s%nerrors:%n%s", story, errors).isZero();
    assertThat(story)
        .contains(
            "device registered",
            "temperature spike",
            "alert raised",
            "ticket opened",
            "ticket resolved with 45 billable minutes",
            "charge recorded",
            "draft invoice",
            "invoice issued",
            "payment recorded",
            "account standing: ACCOUNT_STANDING_GOOD_STANDING");

    // Each step's event is in its stream exactly once.
    try (var connection = Nats.connect(system.nats().url())) {
      var streams = connection.jetStreamManagement();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(count(streams, "TELEMETRY", "telemetry.alert.raised")).isEqualTo(1);
                assertThat(count(streams, "SUPPORT", "support.ticket.opened")).isEqualTo(1);
                assertThat(count(streams, "SUPPORT", "support.ticket.resolved")).isEqualTo(1);
                assertThat(count(streams, "INVOICING", "invoicing.invoice.issued")).isEqualTo(1);
                assertThat(count(streams, "INVOICING", "invoicing.invoice.paid")).isEqualTo(1);
              });
      // One charge for the support minutes and one for monitoring the device this month.
      assertThat(count(streams, "INVOICING", "invoicing.charge.recorded")).isEqualTo(2);
    }

    // Every event a context reacted to was applied once, and nothing was parked.
    for (String service : List.of("support", "invoicing")) {
      assertThat(system.query(service, "select count(*) from dead_letter"))
          .as("parked in %s", service)
          .isZero();
      assertThat(
              system.query(
                  service,
                  "select count(*) from (select consumer, event_id from inbox_event "
                      + "group by consumer, event_id having count(*) > 1) twice"))
          .isZero();
    }
    assertThat(
            system.query("support", "select count(*) from inbox_event where outcome = 'APPLIED'"))
        .as("support applied the alert and invoice events it consumes")
        .isPositive();
    assertThat(
            system.query("invoicing", "select count(*) from inbox_event where outcome = 'APPLIED'"))
        .as("invoicing applied the resolution and the registration")
        .isGreaterThanOrEqualTo(2);
    assertThat(system.query("support", "select count(*) from ticket where alert_id is not null"))
        .isEqualTo(1);
    // Support described the alert ticket's device by asking telemetry over mutual TLS, known there
    // by its client certificate alone (RunningSystem gives it no token).
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(system.query("support", "select count(*) from ticket_enrichment"))
                    .as("alert tickets still waiting for their device's details")
                    .isZero());
    assertThat(system.query("invoicing", "select count(*) from unbilled_charge")).isEqualTo(2);
  }

  @Test
  void every_event_message_is_described_by_the_reflection_of_the_service_that_publishes_it()
      throws Exception {
    Map<String, ServiceDescriptor> descriptors =
        Map.of(
            "support", CustomerSupportMain.DESCRIPTOR,
            "telemetry", TelemetryMain.DESCRIPTOR,
            "invoicing", InvoicingMain.DESCRIPTOR);
    for (var service : descriptors.entrySet()) {
      ManagedChannel channel = system.channel(service.getKey());
      try {
        assertThat(service.getValue().eventSchemas()).isNotEmpty();
        for (FileDescriptor events : service.getValue().eventSchemas()) {
          assertThat(events.getMessageTypes()).isNotEmpty();
          for (Descriptor message : events.getMessageTypes()) {
            assertThat(fileContaining(channel, message.getFullName()))
                .as("reflection of %s for %s", service.getKey(), message.getFullName())
                .isEqualTo(events.getName());
          }
        }
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** The name of the file that server reflection says defines {@code symbol}. */
  private static String fileContaining(ManagedChannel channel, String symbol) throws Exception {
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse response) {
                    answer.complete(response);
                  }

                  @Override
                  public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(ServerReflectionRequest.newBuilder().setFileContainingSymbol(symbol).build());
    requests.onCompleted();
    ServerReflectionResponse response = answer.get(10, TimeUnit.SECONDS);
    assertThat(response.hasFileDescriptorResponse())
        .as("reflection answered %s for %s", response.getErrorResponse(), symbol)
        .isTrue();
    return FileDescriptorProto.parseFrom(
            response.getFileDescriptorResponse().getFileDescriptorProto(0))
        .getName();
  }

  private static long count(
      io.nats.client.JetStreamManagement streams, String stream, String subject) throws Exception {
    var info =
        streams.getStreamInfo(stream, io.nats.client.api.StreamInfoOptions.filterSubjects(subject));
    var state = info.getStreamState();
    return state.getSubjects() == null
        ? 0
        : state.getSubjects().stream()
            .filter(s -> s.getName().equals(subject))
            .mapToLong(s -> s.getCount())
            .sum();
  }
}
