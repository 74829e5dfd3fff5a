package dev.fieldops.nats.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fieldops.jooq.Database;
import dev.fieldops.nats.ConnectionState;
import dev.fieldops.nats.EventHeaders;
import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.StreamKeeper;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.nats.StreamStatus;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.nats.testing.Infrastructure;
import dev.fieldops.nats.testing.StreamContents;
import dev.fieldops.nats.testing.StreamContents.StoredMessage;
import dev.fieldops.test.TestDatabase;
import dev.fieldops.test.TestNats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay with its stream keeper when the broker is away or loses its data: nothing is restarted,
 * and every event recorded in the outbox ends up in the stream once, in its aggregate's order. Each
 * test has its own database and its own nats-server, which it starts late, kills by its process id
 * and robs of its store.
 */
class BrokerLossIT {

  private static final String STREAM = "SUPPORT";
  private static final StreamSpec SPEC = StreamSpec.of(STREAM, "support.>");
  private static final Duration PATIENCE = Duration.ofSeconds(45);

  private TestDatabase testDatabase;
  private TestNats server;
  private Database database;
  private TrackedConnection nats;
  private StreamKeeper keeper;
  private OutboxRelay relay;
  private final OutboxWriter writer = new OutboxWriter();

  @BeforeEach
  void prepare() {
    testDatabase = TestDatabase.create();
    database = Infrastructure.eventsDatabase(testDatabase);
    server = TestNats.reserve();
    nats =
        NatsConnections.open(
            NatsConfig.forUrl(server.url(), "broker-loss-test")
                .withReconnectWait(Duration.ofMillis(50), Duration.ofMillis(250))
                .withRequestTimeout(Duration.ofSeconds(2)));
  }

  @AfterEach
  void tearDown() {
    if (relay != null) {
      relay.stop();
    }
    if (keeper != null) {
      keeper.close();
    }
    nats.close();
    database.close();
    server.close();
    testDatabase.close();
  }

  private void startRelay(RelayConfig config) {
    keeper = StreamKeeper.start(nats, SPEC, Duration.ofSeconds(1));
    relay = OutboxRelay.start(database, nats, keeper, config);
  }

  private static RelayConfig config() {
    return RelayConfig.forStream(STREAM, "/fieldops/support")
        .withPollInterval(Duration.ofMillis(100))
        .withAckTimeout(Duration.ofSeconds(2));
  }

  @Test
  void events_written_before_the_broker_ever_answered_are_published_once_it_comes()
      throws Exception {
    startRelay(config());
    List<OutboxEvent> written = commitChanges(5, 4);

    assertThat(nats.state()).isEqualTo(ConnectionState.RECONNECTING);
    assertThat(keeper.status().state()).isEqualTo(StreamStatus.State.WAITING);
    await().atMost(PATIENCE).until(() -> relay.state().backlog() == written.size());
    assertThat(relay.state().isHealthy()).isFalse();

    server.startServer();

    await()
        .atMost(PATIENCE)
        .until(() -> nats.isConnected() && keeper.isReady() && unpublished() == 0);
    assertEveryEventOnceInAggregateOrder(written);
    assertThat(relay.state().isHealthy()).isTrue();
  }

  @Test
  void a_broker_that_lost_its_store_gets_its_stream_and_every_event_back_without_a_restart()
      throws Exception {
    server.startServer();
    startRelay(config());
    List<OutboxEvent> written = new ArrayList<>(commitChanges(10, 3));
    await().atMost(PATIENCE).until(() -> unpublished() == 0);

    server.kill();
    server.deleteStore();
    written.addAll(commitChanges(10, 2, 4)); // written while the broker is down
    server.startServer();
    written.addAll(commitChanges(10, 1, 6)); // and once it is back

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                unpublished() == 0
                    && StreamContents.count(nats.connection(), STREAM) == written.size());
    assertEveryEventOnceInAggregateOrder(written);
    assertThat(relay.state().republished()).isGreaterThanOrEqualTo(30);
    assertThat(relay.state().lostEvents()).as("the outbox held everything").isZero();
    assertThat(relay.state().lossTime()).isEmpty();
  }

  @Test
  void a_frozen_broker_is_reported_within_seconds_and_what_waited_is_published_once_it_thaws()
      throws Exception {
    server.startServer();
    startRelay(config());
    List<OutboxEvent> written = new ArrayList<>(commitChanges(3, 1));
    await().atMost(PATIENCE).until(() -> unpublished() == 0);

    server.freeze();
    try {
      written.addAll(commitChanges(3, 1, 2));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> relay.state().problem(Duration.ofMinutes(1)).isPresent());
    } finally {
      server.thaw();
    }

    await()
        .atMost(PATIENCE)
        .until(() -> unpublished() == 0 && relay.state().problem(Duration.ofMinutes(1)).isEmpty());
    assertEveryEventOnceInAggregateOrder(written);
  }

  @Test
  void a_stream_deleted_while_the_relay_runs_is_re_created_and_refilled() throws Exception {
    server.startServer();
    startRelay(config());
    List<OutboxEvent> written = new ArrayList<>(commitChanges(4, 2));
    await().atMost(PATIENCE).until(() -> unpublished() == 0);

    nats.management().deleteStream(STREAM);
    written.addAll(commitChanges(4, 1, 3));

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                unpublished() == 0
                    && StreamContents.count(nats.connection(), STREAM) == written.size());
    assertEveryEventOnceInAggregateOrder(written);
  }

  @Test
  void events_the_outbox_no_longer_holds_are_reported_lost_when_the_stream_is_gone()
      throws Exception {
    server.startServer();
    startRelay(
        config().withRetention(Duration.ofHours(1)).withReconcileWindow(Duration.ofHours(1)));
    List<OutboxEvent> old = commitChanges(3, 2);
    await()
        .atMost(PATIENCE)
        .until(() -> unpublished() == 0 && relay.state().lastPublishTime().isPresent());
    // Published two hours ago as far as the outbox knows: beyond the reconcile window, so
    // nothing can restore them (the purge may already have deleted them).
    database
        .dsl()
        .execute("update outbox_event set published_time = published_time - interval '2 hours'");
    List<OutboxEvent> recent = commitChanges(2, 1, 5);
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                unpublished() == 0
                    && StreamContents.count(nats.connection(), STREAM)
                        == old.size() + recent.size());
    // The relay has recorded what the stream holds.
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                Long.valueOf(8)
                    .equals(
                        database
                            .dsl()
                            .fetchOne("select messages from outbox_stream")
                            .get(0, Long.class)));

    nats.management().deleteStream(STREAM);

    await().atMost(PATIENCE).until(() -> relay.state().lossTime().isPresent());
    assertThat(relay.state().lostEvents()).isEqualTo(old.size());
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                unpublished() == 0
                    && StreamContents.count(nats.connection(), STREAM) == recent.size());
    assertThat(StreamContents.read(nats.connection(), STREAM))
        .extracting(m -> m.header(EventHeaders.ID))
        .containsExactlyInAnyOrderElementsOf(
            recent.stream().map(e -> e.eventId().toString()).toList());
  }

  /** {@code changes} versions of {@code aggregates} tickets, versions from 1. */
  private List<OutboxEvent> commitChanges(int aggregates, int changes) {
    return commitChanges(aggregates, changes, 1);
  }

  private List<OutboxEvent> commitChanges(int aggregates, int changes, int firstVersion) {
    List<OutboxEvent> events = new ArrayList<>();
    for (int v = firstVersion; v < firstVersion + changes; v++) {
      for (int a = 0; a < aggregates; a++) {
        UUID id = UUID.randomUUID();
        String ticket = "ticket-" + a;
        events.add(
            OutboxEvent.protobuf(
                id,
                "ticket",
                ticket,
                v,
                "support.ticket.updated",
                "fieldops.support.v1.TicketUpdated",
                (ticket + "@" + v).getBytes(StandardCharsets.UTF_8),
                Instant.now()));
      }
    }
    database.transactor().run(tx -> writer.appendAll(tx, events));
    return events;
  }

  private int unpublished() {
    return database
        .dsl()
        .fetchCount(
            database.dsl().selectOne().from("outbox_event").where("published_time is null"));
  }

  private void assertEveryEventOnceInAggregateOrder(List<OutboxEvent> written) throws Exception {
    List<StoredMessage> stored = StreamContents.read(nats.connection(), STREAM);
    assertThat(stored)
        .extracting(m -> m.header(EventHeaders.ID))
        .as("every event once")
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(
            written.stream().map(e -> e.eventId().toString()).toList());
    Map<String, List<String>> expected =
        written.stream()
            .collect(
                Collectors.groupingBy(
                    OutboxEvent::aggregateId,
                    Collectors.mapping(e -> e.eventId().toString(), Collectors.toList())));
    Map<String, List<String>> actual =
        stored.stream()
            .collect(
                Collectors.groupingBy(
                    m -> m.header(EventHeaders.SUBJECT),
                    Collectors.mapping(m -> m.header(EventHeaders.ID), Collectors.toList())));
    assertThat(actual).as("each aggregate's events in version order").isEqualTo(expected);
  }
}
