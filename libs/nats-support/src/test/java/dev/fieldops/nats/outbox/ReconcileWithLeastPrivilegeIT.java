package dev.fieldops.nats.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fieldops.jooq.Database;
import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.StreamProvisioner;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.nats.testing.Infrastructure;
import dev.fieldops.nats.testing.StreamContents;
import dev.fieldops.test.SecuredTestNats;
import dev.fieldops.test.SecuredTestNats.Identity;
import dev.fieldops.test.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The full reconciliation as a service runs it against a stream the operator owns, with its
 * least-privilege identity from the shipped permissions (deploy/nats/permissions.conf): it may read
 * single messages of its own stream but create no consumer on it. Read message by message, the pass
 * finds the event the stream lost and publishes it again, and the server refuses nothing.
 */
class ReconcileWithLeastPrivilegeIT {

  private static final String STREAM = "TELEMETRY";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private SecuredTestNats nats;
  private TestDatabase testDatabase;
  private Database database;
  private TrackedConnection operator;
  private TrackedConnection telemetry;
  private OutboxRelay relay;

  @BeforeEach
  void start() throws Exception {
    nats = SecuredTestNats.start();
    operator = connect(Identity.OPERATOR);
    // A short duplicate window: the lost event's second copy is accepted a second later.
    new StreamProvisioner(operator)
        .provision(StreamSpec.of(STREAM, "telemetry.>").withDuplicateWindow(Duration.ofSeconds(1)));
    testDatabase = TestDatabase.create();
    database = Infrastructure.eventsDatabase(testDatabase);
    telemetry = connect(Identity.TELEMETRY);
  }

  @AfterEach
  void stop() {
    if (relay != null) {
      relay.stop();
    }
    for (AutoCloseable closing :
        new AutoCloseable[] {telemetry, operator, database, testDatabase, nats}) {
      try {
        if (closing != null) {
          closing.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void a_lost_event_is_found_and_published_again_reading_single_messages() throws Exception {
    relay =
        OutboxRelay.start(
            database,
            telemetry,
            RelayConfig.forStream(STREAM, "/fieldops/telemetry")
                .withStreamReading(RelayConfig.StreamReading.SINGLE_MESSAGES));
    List<OutboxEvent> written = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      written.add(alertEvent("alert-" + i));
    }
    database.transactor().run(tx -> new OutboxWriter().appendAll(tx, written));
    await().atMost(PATIENCE).until(() -> unpublishedRows() == 0);
    await().atMost(PATIENCE).until(() -> relay.state().reconciliations() >= 1);

    assertThat(relay.reconcile()).as("a stream that holds every event").isZero();

    operator.management().deleteMessage(STREAM, streamSeqOf(written.get(2).eventId()));
    assertThat(relay.reconcile()).as("the event the stream lost goes back to the backlog").isOne();
    await().atMost(PATIENCE).until(() -> StreamContents.count(operator.connection(), STREAM) == 5);
    await().atMost(PATIENCE).until(() -> unpublishedRows() == 0);
    assertThat(relay.reconcile()).as("once it is back").isZero();
    assertThat(nats.log()).doesNotContain("Violation");
  }

  private TrackedConnection connect(Identity identity) throws Exception {
    return NatsConnections.connect(
        NatsConfig.fromEnvironment(
                nats.clientEnvironment(identity), identity.name().toLowerCase(Locale.ROOT))
            .withRequestTimeout(Duration.ofSeconds(2)));
  }

  private int unpublishedRows() {
    return database
        .dsl()
        .fetchCount(DSL.table("outbox_event"), DSL.field("published_time").isNull());
  }

  private long streamSeqOf(UUID eventId) {
    return database
        .dsl()
        .fetchSingle("select stream_seq from outbox_event where event_id = ?", eventId)
        .get(0, Long.class);
  }

  private static OutboxEvent alertEvent(String alertId) {
    return OutboxEvent.protobuf(
        UUID.randomUUID(),
        "alert",
        alertId,
        1,
        "telemetry.alert.raised",
        "fieldops.telemetry.v1.AlertRaised",
        alertId.getBytes(StandardCharsets.UTF_8),
        Instant.now());
  }
}
