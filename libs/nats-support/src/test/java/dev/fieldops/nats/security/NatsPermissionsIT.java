package dev.fieldops.nats.security;

import static dev.fieldops.test.SecuredTestNats.Identity.INVOICING;
import static dev.fieldops.test.SecuredTestNats.Identity.OBSERVER;
import static dev.fieldops.test.SecuredTestNats.Identity.OPERATOR;
import static dev.fieldops.test.SecuredTestNats.Identity.SUPPORT;
import static dev.fieldops.test.SecuredTestNats.Identity.TELEMETRY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.StreamProvisioner;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.test.SecuredTestNats;
import dev.fieldops.test.SecuredTestNats.Identity;
import io.nats.client.ConsumeOptions;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The identities and permissions FieldOps ships ({@code deploy/nats/permissions.conf}), proved
 * against a nats-server running that configuration: each service may publish and consume only what
 * is its own, the observer only reads, and only the operator administers streams.
 */
class NatsPermissionsIT {

  private static final StreamSpec SUPPORT_STREAM = StreamSpec.of("SUPPORT", "support.>");
  private static final StreamSpec TELEMETRY_STREAM = StreamSpec.of("TELEMETRY", "telemetry.>");
  private static final StreamSpec INVOICING_STREAM = StreamSpec.of("INVOICING", "invoicing.>");

  private static SecuredTestNats nats;
  private static TrackedConnection operator;
  private final List<TrackedConnection> opened = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    nats = SecuredTestNats.start();
    operator = connect(OPERATOR);
    var provisioner = new StreamProvisioner(operator);
    for (StreamSpec stream : List.of(SUPPORT_STREAM, TELEMETRY_STREAM, INVOICING_STREAM)) {
      assertThat(provisioner.provision(stream)).isEqualTo(StreamProvisioner.Outcome.CREATED);
    }
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (nats != null) {
      nats.close();
    }
  }

  @AfterEach
  void closeConnections() {
    opened.forEach(TrackedConnection::close);
  }

  @Test
  void the_operator_creates_and_updates_streams() throws Exception {
    var provisioner = new StreamProvisioner(operator);

    assertThat(provisioner.provision(SUPPORT_STREAM.withMaxAge(Duration.ofDays(3))))
        .isEqualTo(StreamProvisioner.Outcome.UPDATED);
    assertThat(provisioner.provision(SUPPORT_STREAM)).isEqualTo(StreamProvisioner.Outcome.UPDATED);
    assertThat(provisioner.verify(SUPPORT_STREAM)).isEmpty();
  }

  @Test
  void a_service_cannot_delete_another_contexts_stream_nor_its_own() throws Exception {
    TrackedConnection support = open(SUPPORT);

    assertThatThrownBy(() -> support.management().deleteStream("TELEMETRY"))
        .isInstanceOfAny(java.io.IOException.class, JetStreamApiException.class);
    assertThatThrownBy(() -> support.management().deleteStream("SUPPORT"))
        .isInstanceOfAny(java.io.IOException.class, JetStreamApiException.class);
    assertThatThrownBy(
            () -> new StreamProvisioner(support).provision(StreamSpec.of("SUPPORT2", "support2.>")))
        .isInstanceOfAny(java.io.IOException.class, JetStreamApiException.class);

    assertThat(operator.management().getStreamNames()).contains("SUPPORT", "TELEMETRY");
    assertThat(nats.refusedPublish("support", "$JS.API.STREAM.DELETE.TELEMETRY")).isTrue();
    assertThat(nats.refusedPublish("support", "$JS.API.STREAM.DELETE.SUPPORT")).isTrue();
  }

  @Test
  void a_service_publishes_its_own_events_and_cannot_publish_another_contexts() throws Exception {
    TrackedConnection support = open(SUPPORT);
    long telemetryBefore = messages("TELEMETRY");

    var ack = support.jetStream().publish("support.ticket.opened", new byte[] {1});
    assertThat(ack.getStream()).isEqualTo("SUPPORT");
    assertThatThrownBy(() -> support.jetStream().publish("telemetry.alert.raised", new byte[] {1}))
        .isInstanceOfAny(java.io.IOException.class, JetStreamApiException.class);
    support.connection().publish("invoicing.invoice.paid", new byte[] {1});
    support.connection().flush(Duration.ofSeconds(2));

    assertThat(messages("TELEMETRY")).isEqualTo(telemetryBefore);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(nats.refusedPublish("support", "telemetry.alert.raised")).isTrue();
              assertThat(nats.refusedPublish("support", "invoicing.invoice.paid")).isTrue();
            });
  }

  @Test
  void a_service_consumes_with_its_own_durable_and_cannot_delete_another_services_durable()
      throws Exception {
    TrackedConnection invoicing = open(INVOICING);
    TrackedConnection support = open(SUPPORT);
    TrackedConnection telemetry = open(TELEMETRY);
    telemetry.jetStream().publish("telemetry.alert.raised", new byte[] {7});

    // invoicing's durable on SUPPORT, as its consumer runner makes it
    invoicing
        .connection()
        .getStreamContext("SUPPORT")
        .createOrUpdateConsumer(durable("invoicing-support-charges", "support.ticket.resolved"));
    // support's durable on TELEMETRY: created, pulled from, acknowledged
    var alerts =
        support
            .connection()
            .getStreamContext("TELEMETRY")
            .createOrUpdateConsumer(durable("support-alert-tickets", "telemetry.alert.>"));
    try (var messages = alerts.iterate(ConsumeOptions.builder().batchSize(10).build())) {
      Message message = messages.nextMessage(Duration.ofSeconds(5));
      assertThat(message).isNotNull();
      assertThat(message.getSubject()).isEqualTo("telemetry.alert.raised");
      message.ack();
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(
                        operator
                            .management()
                            .getConsumerInfo("TELEMETRY", "support-alert-tickets")
                            .getAckFloor()
                            .getStreamSequence())
                    .isPositive());

    assertThatThrownBy(
            () -> support.management().deleteConsumer("SUPPORT", "invoicing-support-charges"))
        .isInstanceOfAny(java.io.IOException.class, JetStreamApiException.class);
    assertThatThrownBy(
            () ->
                support
                    .connection()
                    .getStreamContext("SUPPORT")
                    .createOrUpdateConsumer(durable("support-own-reader", "support.>")))
        .isInstanceOfAny(java.io.IOException.class, JetStreamApiException.class);

    assertThat(operator.management().getConsumerNames("SUPPORT"))
        .contains("invoicing-support-charges")
        .doesNotContain("support-own-reader");
    assertThat(
            nats.refusedPublish(
                "support", "$JS.API.CONSUMER.DELETE.SUPPORT.invoicing-support-charges"))
        .isTrue();
  }

  @Test
  void a_service_cannot_listen_to_another_services_deliveries_nor_to_the_events_themselves()
      throws Exception {
    TrackedConnection support = open(SUPPORT);

    support.connection().subscribe("_INBOX_invoicing.>");
    support.connection().subscribe("_INBOX.>");
    support.connection().subscribe("telemetry.>");
    support.connection().flush(Duration.ofSeconds(2));

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(nats.refusedSubscription("support", "_INBOX_invoicing.>")).isTrue();
              assertThat(nats.refusedSubscription("support", "_INBOX.>")).isTrue();
              assertThat(nats.refusedSubscription("support", "telemetry.>")).isTrue();
            });
  }

  @Test
  void the_observer_reads_with_an_ephemeral_consumer_and_changes_nothing() throws Exception {
    TrackedConnection observer = open(OBSERVER);
    TrackedConnection invoicing = open(INVOICING);
    invoicing.jetStream().publish("invoicing.invoice.issued", new byte[] {3});
    invoicing
        .connection()
        .getStreamContext("TELEMETRY")
        .createOrUpdateConsumer(durable("invoicing-device-monitoring", "telemetry.device.>"));

    // as ./fieldops events tail reads: an ordered (ephemeral) push consumer
    List<String> seen = new CopyOnWriteArrayList<>();
    var dispatcher = observer.connection().createDispatcher();
    observer
        .jetStream()
        .subscribe(
            "invoicing.>",
            dispatcher,
            message -> seen.add(message.getSubject()),
            false,
            PushSubscribeOptions.builder().stream("INVOICING")
                .ordered(true)
                .configuration(
                    ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.All).build())
                .build());
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("invoicing.invoice.issued"));

    assertThatThrownBy(
            () -> observer.management().deleteConsumer("TELEMETRY", "invoicing-device-monitoring"))
        .isInstanceOfAny(java.io.IOException.class, JetStreamApiException.class);
    assertThatThrownBy(
            () ->
                observer
                    .management()
                    .addOrUpdateConsumer(
                        "TELEMETRY", durable("invoicing-device-monitoring", "telemetry.>")))
        .isInstanceOfAny(java.io.IOException.class, JetStreamApiException.class);
    assertThatThrownBy(() -> observer.jetStream().publish("support.ticket.opened", new byte[] {1}))
        .isInstanceOfAny(java.io.IOException.class, JetStreamApiException.class);
    assertThatThrownBy(() -> observer.management().purgeStream("SUPPORT"))
        .isInstanceOfAny(java.io.IOException.class, JetStreamApiException.class);

    var kept = operator.management().getConsumerInfo("TELEMETRY", "invoicing-device-monitoring");
    assertThat(kept.getConsumerConfiguration().getFilterSubject()).isEqualTo("telemetry.device.>");
    assertThat(
            nats.refusedPublish(
                "observer", "$JS.API.CONSUMER.DELETE.TELEMETRY.invoicing-device-monitoring"))
        .isTrue();
    assertThat(
            nats.refusedPublish(
                "observer",
                "$JS.API.CONSUMER.CREATE.TELEMETRY.invoicing-device-monitoring.telemetry.>"))
        .isTrue();
  }

  private static ConsumerConfiguration durable(String name, String filter) {
    return ConsumerConfiguration.builder()
        .durable(name)
        .filterSubject(filter)
        .deliverPolicy(DeliverPolicy.All)
        .ackPolicy(AckPolicy.Explicit)
        .build();
  }

  private static long messages(String stream) throws Exception {
    return operator.management().getStreamInfo(stream).getStreamState().getMsgCount();
  }

  private TrackedConnection open(Identity identity) throws Exception {
    TrackedConnection connection = connect(identity);
    opened.add(connection);
    return connection;
  }

  private static TrackedConnection connect(Identity identity) throws Exception {
    Map<String, String> env = nats.clientEnvironment(identity);
    NatsConfig config =
        NatsConfig.fromEnvironment(env, identity.name().toLowerCase(java.util.Locale.ROOT))
            .withRequestTimeout(Duration.ofSeconds(1));
    return NatsConnections.connect(config);
  }
}
