package dev.fieldops.nats.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fieldops.jooq.Database;
import dev.fieldops.nats.EventHeaders;
import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.StreamKeeper;
import dev.fieldops.nats.StreamSpec;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three relays on one outbox, as three replicas of a service run them: each with its own database
 * pool, NATS connection and stream keeper. Writers commit events of many aggregates throughout; in
 * the middle the broker is killed, robbed of its store and started again, so that the relays
 * re-create the stream and reconciliation returns everything it held to the backlog while the
 * relays keep publishing. At the end every event is in the stream exactly once, each aggregate's
 * events in version order, and no row is left unpublished.
 */
class RelayReplicasIT {

  private static final String STREAM = "SUPPORT";
  // A short duplicate window: an event removed from the re-created stream (sent before the loss,
  // delivered after it) is accepted again once the window has passed.
  private static final StreamSpec SPEC =
      StreamSpec.of(STREAM, "support.>").withDuplicateWindow(Duration.ofSeconds(3));
  private static final int REPLICAS = 3;
  private static final int WRITERS = 4;
  private static final int AGGREGATES = 40;
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  private TestDatabase testDatabase;
  private TestNats server;
  private final List<Replica> replicas = new ArrayList<>();
  private final Map<String, List<UUID>> written = new ConcurrentHashMap<>();

  /** One replica's relay and what it needs of its own. */
  private record Replica(
      Database database, TrackedConnection nats, StreamKeeper keeper, OutboxRelay relay) {
    void stop() {
      relay.stop();
      keeper.close();
      nats.close();
      database.close();
    }
  }

  @BeforeEach
  void start() {
    testDatabase = TestDatabase.create();
    server = TestNats.reserve();
    server.startServer();
    for (int i = 0; i < REPLICAS; i++) {
      Database database = Infrastructure.eventsDatabase(testDatabase);
      TrackedConnection nats =
          NatsConnections.open(
              NatsConfig.forUrl(server.url(), "relay-replica-" + i)
                  .withReconnectWait(Duration.ofMillis(50), Duration.ofMillis(250))
                  .withRequestTimeout(Duration.ofSeconds(2)));
      StreamKeeper keeper = StreamKeeper.start(nats, SPEC, Duration.ofSeconds(1));
      OutboxRelay relay =
          OutboxRelay.start(
              database,
              nats,
              keeper,
              RelayConfig.forStream(STREAM, "/fieldops/support")
                  .withPollInterval(Duration.ofMillis(100))
                  .withAckTimeout(Duration.ofSeconds(2))
                  .withBatchSize(20));
      replicas.add(new Replica(database, nats, keeper, relay));
    }
  }

  @AfterEach
  void stop() {
    replicas.forEach(Replica::stop);
    server.close();
    testDatabase.close();
  }

  @Test
  void three_relays_publish_every_event_once_in_aggregate_order_across_a_broker_loss()
      throws Exception {
    Database database = replicas.getFirst().database();
    await().atMost(PATIENCE).until(() -> replicas.stream().allMatch(r -> r.keeper().isReady()));

    // The broker dies while the writers commit and the relays publish; the writers go on, and
    // wait at version 9 until it is back.
    CountDownLatch atVersionNine = new CountDownLatch(WRITERS);
    CountDownLatch brokerBack = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writerIndex = w;
        writers.add(
            pool.submit(
                () -> {
                  write(database, writerIndex, 1, 8);
                  atVersionNine.countDown();
                  brokerBack.await();
                  write(database, writerIndex, 9, 12);
                  return null;
                }));
      }
      await().atMost(PATIENCE).until(() -> streamCount() >= AGGREGATES);
      server.kill();
      server.deleteStore();
      assertThat(atVersionNine.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      server.startServer();
      brokerBack.countDown();
      for (Future<?> writer : writers) {
        writer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdown();
    }

    int total = written.values().stream().mapToInt(List::size).sum();
    await().atMost(PATIENCE).until(() -> unpublished(database) == 0 && streamCount() == total);

    List<StoredMessage> stored = StreamContents.read(connection(), STREAM);
    assertThat(stored.stream().map(m -> m.header(EventHeaders.ID)))
        .as("every event once in the stream")
        .hasSize(total)
        .doesNotHaveDuplicates();
    Map<String, List<UUID>> streamOrder = new LinkedHashMap<>();
    for (StoredMessage m : stored) {
      streamOrder
          .computeIfAbsent(m.header(EventHeaders.SUBJECT), k -> new ArrayList<>())
          .add(UUID.fromString(m.header(EventHeaders.ID)));
    }
    assertThat(streamOrder).as("each aggregate's events in version order").isEqualTo(written);
    assertThat(unpublished(database)).isZero();
    assertThat(replicas.stream().mapToLong(r -> r.relay().state().republished()).sum())
        .as("reconciliation returned what the broker lost")
        .isPositive();
  }

  /**
   * Commits changes {@code from} to {@code to} of every {@value #WRITERS}th aggregate starting at
   * {@code writerIndex}, one transaction per change; some changes emit two events under one
   * version.
   */
  private void write(Database database, int writerIndex, int from, int to) {
    OutboxWriter writer = new OutboxWriter();
    for (int version = from; version <= to; version++) {
      for (int a = writerIndex; a < AGGREGATES; a += WRITERS) {
        String ticket = "ticket-" + a;
        List<OutboxEvent> events = new ArrayList<>();
        for (int n = 0; n <= (a + version) % 2; n++) {
          events.add(event(ticket, version));
        }
        database.transactor().run(tx -> writer.appendAll(tx, events));
        written
            .computeIfAbsent(ticket, k -> Collections.synchronizedList(new ArrayList<>()))
            .addAll(events.stream().map(OutboxEvent::eventId).toList());
      }
    }
  }

  private static OutboxEvent event(String ticket, int version) {
    return OutboxEvent.protobuf(
        UUID.randomUUID(),
        "ticket",
        ticket,
        version,
        "support.ticket.updated",
        "fieldops.support.v1.TicketUpdated",
        (ticket + "@" + version).getBytes(StandardCharsets.UTF_8),
        Instant.now());
  }

  private io.nats.client.Connection connection() {
    return replicas.getFirst().nats().connection();
  }

  private long streamCount() {
    try {
      return StreamContents.count(connection(), STREAM);
    } catch (Exception e) {
      return -1;
    }
  }

  private static int unpublished(Database database) {
    return database
        .dsl()
        .fetchOne("select count(*) from outbox_event where published_time is null")
        .get(0, Integer.class);
  }
}
