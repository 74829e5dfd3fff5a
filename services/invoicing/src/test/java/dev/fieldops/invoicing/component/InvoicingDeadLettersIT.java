package dev.fieldops.invoicing.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import com.google.gson.JsonParser;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.fieldops.invoicing.adapter.nats.DeviceMonitoringConsumer;
import dev.fieldops.invoicing.bootstrap.DeadLetterCommand;
import dev.fieldops.runtime.ServiceRuntime;
import dev.fieldops.telemetry.v1.DeviceDecommissioned;
import dev.fieldops.telemetry.v1.DeviceRegistered;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./fieldops dead-letters invoicing ...} on a real invoicing (PostgreSQL, nats-server): a
 * poison event is parked, listed, and once its cause is fixed retried through the command, which
 * the running service performs; and each consumer reports its health, all from the platform.
 */
class InvoicingDeadLettersIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static RunningInvoicing service;
  private static Connection nats;
  private static JetStream jetStream;

  @BeforeAll
  static void start() throws Exception {
    service = RunningInvoicing.start(Map.of("INVOICING_DEAD_LETTER_RETRY_INTERVAL", "200ms"));
    nats = Nats.connect(service.environment.nats().url());
    for (var stream : Map.of("SUPPORT", "support.>", "TELEMETRY", "telemetry.>").entrySet()) {
      nats.jetStreamManagement()
          .addStream(
              StreamConfiguration.builder()
                  .name(stream.getKey())
                  .subjects(stream.getValue())
                  .storageType(StorageType.Memory)
                  .build());
    }
    jetStream = nats.jetStream();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (nats != null) {
      nats.close();
    }
    service.close();
  }

  /** What one run of {@code ./fieldops dead-letters invoicing ARGS} printed, and its exit code. */
  private record CommandRun(int exit, String out, String err) {}

  private static CommandRun deadLetters(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit =
        DeadLetterCommand.of(service.environment.env())
            .execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CommandRun(exit, out.toString(), err.toString());
  }

  @Test
  void a_parked_event_is_listed_and_applied_by_a_retry_once_its_cause_is_fixed() throws Exception {
    String customer = "c-" + UUID.randomUUID().toString().substring(0, 8);
    UUID device = UUID.randomUUID();
    // The decommissioning overtook the registration: invoicing never saw the device, parks it.
    DeviceDecommissioned poison =
        DeviceDecommissioned.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setOccurTime(time("2026-03-20T08:00:00Z"))
            .setCustomerId(customer)
            .setDeviceId(device.toString())
            .build();
    publish("telemetry.device.decommissioned", poison, device, 2);
    await().atMost(WAIT).until(() -> parkedCount(poison.getEventId()) == 1);

    CommandRun listed = deadLetters("list", DeviceMonitoringConsumer.NAME, "--json");
    assertThat(listed.exit()).as(listed.err()).isZero();
    var letters = JsonParser.parseString(listed.out()).getAsJsonArray();
    var letter =
        letters.asList().stream()
            .map(element -> element.getAsJsonObject())
            .filter(object -> object.get("event_id").getAsString().equals(poison.getEventId()))
            .findFirst()
            .orElseThrow();
    assertThat(letter.get("consumer").getAsString()).isEqualTo(DeviceMonitoringConsumer.NAME);
    assertThat(letter.get("reason").getAsString()).isEqualTo("REJECTED");
    assertThat(letter.get("subject").getAsString()).isEqualTo("telemetry.device.decommissioned");
    assertThat(letter.get("error").getAsString()).contains("UNKNOWN_DEVICE");
    long id = letter.get("id").getAsLong();
    assertThat(deadLetters("list").out()).contains(id + "  " + DeviceMonitoringConsumer.NAME);

    // Still unknown: the retry fails and the event stays parked.
    CommandRun failed = deadLetters("retry", Long.toString(id));
    assertThat(failed.exit()).isEqualTo(1);
    assertThat(failed.err())
        .startsWith("fieldops dead-letters invoicing retry: dead letter " + id + ": FAILED");
    assertThat(parkedCount(poison.getEventId())).isEqualTo(1);

    // The cause fixed (the registration arrives), the same retry applies it.
    publish(
        "telemetry.device.registered",
        DeviceRegistered.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setOccurTime(time("2026-03-01T08:00:00Z"))
            .setAggregateVersion(1)
            .setCustomerId(customer)
            .setDeviceId(device.toString())
            .setDisplayName("Freezer 1")
            .build(),
        device,
        1);
    await()
        .atMost(WAIT)
        .until(
            () ->
                service
                    .database()
                    .fetchExists(
                        table(name("monitored_device")),
                        field(name("device_id"), UUID.class).eq(device)));

    CommandRun retried = deadLetters("retry", Long.toString(id), "--json");
    assertThat(retried.exit()).as(retried.err()).isZero();
    var outcome = JsonParser.parseString(retried.out()).getAsJsonObject();
    assertThat(outcome.get("id").getAsLong()).isEqualTo(id);
    assertThat(outcome.get("outcome").getAsString()).isEqualTo("APPLIED");
    assertThat(parkedCount(poison.getEventId())).isZero();
    assertThat(deadLetters("list", DeviceMonitoringConsumer.NAME).out())
        .doesNotContain(poison.getEventId());

    CommandRun again = deadLetters("retry", Long.toString(id));
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err())
        .startsWith("fieldops dead-letters invoicing retry: dead letter " + id + ": NOT_PARKED");
  }

  @Test
  void an_unknown_consumer_is_a_usage_error_naming_invoicings_consumers() {
    CommandRun run = deadLetters("list", "support-alert-tickets");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains("fieldops dead-letters invoicing list: no consumer 'support-alert-tickets'")
        .contains("invoicing-support-charges, invoicing-device-monitoring");
  }

  @Test
  void each_consumer_reports_its_health() throws Exception {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", service.port()).usePlaintext().build();
    try {
      var health = HealthGrpc.newBlockingStub(channel);
      for (String consumer : DeadLetterCommand.CONSUMERS) {
        await()
            .atMost(WAIT)
            .until(
                () ->
                    health
                            .withDeadlineAfter(5, TimeUnit.SECONDS)
                            .check(
                                HealthCheckRequest.newBuilder()
                                    .setService(ServiceRuntime.CONSUMER_HEALTH_PREFIX + consumer)
                                    .build())
                            .getStatus()
                        == ServingStatus.SERVING);
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static int parkedCount(String eventId) {
    return service
        .database()
        .fetchCount(
            table(name("dead_letter")),
            field(name("event_id"), UUID.class)
                .eq(UUID.fromString(eventId))
                .and(field(name("retried_time")).isNull()));
  }

  private static void publish(String subject, Message event, UUID aggregate, long version)
      throws Exception {
    String eventId =
        (String) event.getField(event.getDescriptorForType().findFieldByName("event_id"));
    Headers headers =
        new Headers()
            .add("Nats-Msg-Id", eventId)
            .add("ce-specversion", "1.0")
            .add("ce-id", eventId)
            .add("ce-source", "telemetry")
            .add("ce-type", event.getDescriptorForType().getFullName())
            .add("ce-time", "2026-03-10T12:00:00Z")
            .add("ce-subject", aggregate.toString())
            .add("fieldops-aggregate-version", Long.toString(version))
            .add("content-type", "application/protobuf");
    jetStream.publish(
        NatsMessage.builder().subject(subject).headers(headers).data(event.toByteArray()).build());
  }

  private static Timestamp time(String at) {
    Instant instant = Instant.parse(at);
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
