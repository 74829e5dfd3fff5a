package dev.fieldops.nats.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.fieldops.nats.ConnectionState;
import dev.fieldops.nats.EventHeaders;
import dev.fieldops.nats.StreamProvisioner;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.nats.testing.Infrastructure;
import dev.fieldops.nats.testing.StreamContents;
import dev.fieldops.nats.testing.StreamContents.StoredMessage;
import io.nats.client.JetStreamApiException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jooq.Field;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutboxRelayIT {

  private static final String STREAM = "SUPPORT";
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Field<UUID> EVENT_ID = field(name("event_id"), SQLDataType.UUID);
  private static final Field<Long> STREAM_SEQ = field(name("stream_seq"), SQLDataType.BIGINT);
  private static final Field<Long> SEQ = field(name("seq"), SQLDataType.BIGINT);
  private static final Field<OffsetDateTime> PUBLISHED_TIME =
      field(name("published_time"), SQLDataType.TIMESTAMPWITHTIMEZONE);

  private static Infrastructure infra;
  private final OutboxWriter writer = new OutboxWriter();
  private final List<OutboxRelay> relays = new ArrayList<>();
  private RelayConfig config;

  @BeforeAll
  static void startInfrastructure() throws Exception {
    infra = Infrastructure.start();
  }

  @AfterAll
  static void stopInfrastructure() {
    infra.close();
  }

  @BeforeEach
  void emptyOutboxAndFreshStream() throws Exception {
    infra.database.dsl().execute("truncate outbox_event, outbox_stream");
    recreateStream(StreamSpec.of(STREAM, "support.>"));
    config =
        RelayConfig.forStream(STREAM, "/fieldops/support")
            .withPollInterval(Duration.ofMillis(100))
            .withAckTimeout(Duration.ofSeconds(2));
  }

  @AfterEach
  void stopRelays() {
    relays.forEach(OutboxRelay::stop);
    relays.clear();
  }

  @Test
  void a_burst_after_a_quiet_period_is_claimed_row_by_row_not_by_scanning_the_backlog()
      throws Exception {
    // Statistics taken while everything was published say the backlog is empty; a burst then
    // arrives before autovacuum analyzes again (after a NATS outage, say).
    for (int i = 0; i < 2_000; i++) {
      OutboxEvent event = ticketEvent("ticket-" + i, 1);
      infra.database.transactor().run(tx -> writer.append(tx, event));
    }
    infra
        .database
        .dsl()
        .execute("update outbox_event set published_time = now(), stream_seq = seq");
    infra.database.dsl().execute("analyze outbox_event");
    List<OutboxEvent> burst = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      burst.add(ticketEvent("burst-" + (i % 500), i / 500 + 1));
    }
    infra.database.transactor().run(tx -> writer.appendAll(tx, burst));

    String plan =
        infra
            .database
            .transactor()
            .inTransaction(
                tx -> {
                  tx.execute(OutboxStore.CLAIM_SETTINGS);
                  return tx
                      .fetch(
                          "explain " + OutboxStore.CLAIM,
                          org.jooq.impl.DSL.val(1_000),
                          org.jooq.impl.DSL.inline(OutboxStore.LOCK_CLASS))
                      .stream()
                      .map(r -> r.get(0, String.class))
                      .collect(Collectors.joining("\n"));
                });
    // The candidates are the head of the backlog index, read in order (no bitmap over the whole
    // backlog and a sort), and each is then locked by its address: an index lookup there is what
    // the stale statistics turned into a scan of the whole backlog per candidate.
    assertThat(plan)
        .containsPattern("Index Scan using outbox_event_unpublished_idx on outbox_event\\s+\\(");
    assertThat(plan).doesNotContain("Bitmap");
    assertThat(plan).contains("Tid Scan on outbox_event e");
    assertThat(plan)
        .doesNotContain("Index Scan using outbox_event_unpublished_idx on outbox_event e");

    startRelay(config);
    await().atMost(PATIENCE).until(() -> unpublishedRows() == 0);
    // (The rows marked by hand above point beyond the stream's end, so the relay rightly
    // publishes them too.)
    assertThat(
            StreamContents.read(infra.nats.connection(), STREAM).stream()
                .map(m -> m.header(EventHeaders.ID)))
        .containsAll(burst.stream().map(e -> e.eventId().toString()).toList());
  }

  @Test
  void events_committed_by_concurrent_writers_reach_the_stream_once_in_aggregate_order()
      throws Exception {
    // Two relays compete for the same outbox, as two replicas of a service would.
    startRelay(config.withBatchSize(50));
    startRelay(config.withBatchSize(50));
    int aggregates = 40;
    int changesPerAggregate = 10;
    Map<String, List<UUID>> expectedOrder = new ConcurrentHashMap<>();
    ExecutorService writers = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 6; w++) {
        int writerIndex = w;
        done.add(
            writers.submit(
                () -> {
                  for (int change = 1; change <= changesPerAggregate; change++) {
                    for (int a = writerIndex; a < aggregates; a += 6) {
                      String ticket = "ticket-" + a;
                      // One change may emit several events under the same version.
                      List<OutboxEvent> events = new ArrayList<>();
                      for (int n = 0; n <= (a + change) % 3; n++) {
                        events.add(
                            ticketEvent(ticket, change)
                                .withTraceparent(
                                    "00-" + "a".repeat(32) + "-" + "b".repeat(16) + "-01"));
                      }
                      infra.database.transactor().run(tx -> writer.appendAll(tx, events));
                      expectedOrder
                          .computeIfAbsent(
                              ticket, k -> Collections.synchronizedList(new ArrayList<>()))
                          .addAll(events.stream().map(OutboxEvent::eventId).toList());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      writers.shutdown();
    }
    int total = expectedOrder.values().stream().mapToInt(List::size).sum();

    await().atMost(PATIENCE).until(() -> unpublishedRows() == 0);
    List<StoredMessage> stored = StreamContents.read(infra.nats.connection(), STREAM);

    List<String> ids = stored.stream().map(m -> m.header(EventHeaders.ID)).toList();
    assertThat(ids).hasSize(total).doesNotHaveDuplicates();
    Map<String, List<UUID>> actualOrder =
        stored.stream()
            .collect(
                Collectors.groupingBy(
                    m -> m.header(EventHeaders.SUBJECT),
                    Collectors.mapping(
                        m -> UUID.fromString(m.header(EventHeaders.ID)), Collectors.toList())));
    // On failure, say where each out-of-order event sits in the stream and in the outbox.
    assertThat(actualOrder)
        .as(() -> orderReport(expectedOrder, actualOrder, stored))
        .isEqualTo(expectedOrder);
    assertThat(relays.stream().mapToLong(r -> r.state().published()).sum()).isEqualTo(total);
    // Each row records where its event sits in the stream.
    Map<UUID, Long> recorded =
        infra
            .database
            .dsl()
            .select(EVENT_ID, STREAM_SEQ)
            .from(table(name("outbox_event")))
            .fetchMap(EVENT_ID, STREAM_SEQ);
    for (StoredMessage m : stored) {
      assertThat(recorded.get(UUID.fromString(m.header(EventHeaders.ID)))).isEqualTo(m.seq());
    }
  }

  @Test
  void each_message_carries_the_cloudevents_headers_and_the_event_id_as_msg_id() throws Exception {
    startRelay(config);
    Instant occurred = Instant.parse("2026-11-02T10:15:30.123456Z");
    OutboxEvent event =
        OutboxEvent.protobuf(
                UUID.randomUUID(),
                "ticket",
                "ticket-7",
                3,
                "support.ticket.resolved",
                "fieldops.support.v1.TicketResolved",
                "resolved".getBytes(StandardCharsets.UTF_8),
                occurred)
            .withTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    commit(List.of(event));

    await()
        .atMost(PATIENCE)
        .until(() -> StreamContents.count(infra.nats.connection(), STREAM) == 1);
    StoredMessage m = StreamContents.read(infra.nats.connection(), STREAM).getFirst();
    assertThat(m.subject()).isEqualTo("support.ticket.resolved");
    assertThat(m.data()).isEqualTo("resolved".getBytes(StandardCharsets.UTF_8));
    assertThat(m.headers())
        .containsEntry("ce-specversion", "1.0")
        .containsEntry("ce-id", event.eventId().toString())
        .containsEntry("Nats-Msg-Id", event.eventId().toString())
        .containsEntry("ce-source", "/fieldops/support")
        .containsEntry("ce-type", "fieldops.support.v1.TicketResolved")
        .containsEntry("ce-time", "2026-11-02T10:15:30.123456Z")
        .containsEntry("ce-subject", "ticket-7")
        .containsEntry("content-type", "application/protobuf")
        .containsEntry("fieldops-aggregate-version", "3")
        .containsEntry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
  }

  @Test
  void a_rolled_back_transaction_publishes_nothing() throws Exception {
    OutboxEvent rolledBack = ticketEvent("ticket-1", 1);
    assertThatThrownBy(
            () ->
                infra
                    .database
                    .transactor()
                    .run(
                        tx -> {
                          writer.append(tx, rolledBack);
                          throw new IllegalStateException(
                              "the use case failed after writing its event");
                        }))
        .isInstanceOf(IllegalStateException.class);
    OutboxEvent committed = ticketEvent("ticket-2", 1);
    commit(List.of(committed));
    startRelay(config);

    await().atMost(PATIENCE).until(() -> streamSeqOf(committed.eventId()).isPresent());
    assertThat(StreamContents.read(infra.nats.connection(), STREAM))
        .extracting(m -> m.header(EventHeaders.ID))
        .containsExactly(committed.eventId().toString());
    assertThat(infra.database.dsl().fetchCount(table(name("outbox_event")))).isEqualTo(1);
  }

  @Test
  void writes_commit_during_a_nats_outage_and_the_backlog_drains_after_the_restart()
      throws Exception {
    OutboxRelay relay = startRelay(config);
    long reconnectsBefore = infra.nats.reconnectCount();
    infra.testNats.stop();
    try {
      await().atMost(PATIENCE).until(() -> relay.state().nats() == ConnectionState.RECONNECTING);
      List<OutboxEvent> written = new ArrayList<>();
      for (int change = 1; change <= 20; change++) {
        for (int a = 0; a < 5; a++) {
          OutboxEvent event = ticketEvent("ticket-" + a, change);
          commit(List.of(event));
          written.add(event);
        }
      }
      assertThat(unpublishedRows()).isEqualTo(100);
      await().atMost(PATIENCE).until(() -> relay.state().backlog() == 100);
      assertThat(relay.state().isHealthy()).isFalse();
    } finally {
      infra.testNats.restart();
    }

    await().atMost(PATIENCE).until(() -> unpublishedRows() == 0);
    assertThat(infra.nats.reconnectCount()).isGreaterThan(reconnectsBefore);
    assertThat(relay.state().isHealthy()).isTrue();
    List<StoredMessage> stored = StreamContents.read(infra.nats.connection(), STREAM);
    assertThat(stored).hasSize(100);
    Map<String, List<String>> versions =
        stored.stream()
            .collect(
                Collectors.groupingBy(
                    m -> m.header(EventHeaders.SUBJECT),
                    Collectors.mapping(
                        m -> m.header(EventHeaders.AGGREGATE_VERSION), Collectors.toList())));
    List<String> oneToTwenty =
        java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(Integer::toString).toList();
    assertThat(versions).hasSize(5).allSatisfy((ticket, v) -> assertThat(v).isEqualTo(oneToTwenty));
  }

  @Test
  void a_relay_that_dies_between_publishing_and_marking_leaves_no_duplicate_in_the_stream()
      throws Exception {
    List<OutboxEvent> written = new ArrayList<>();
    for (int a = 0; a < 10; a++) {
      for (int change = 1; change <= 5; change++) {
        written.add(ticketEvent("ticket-" + a, change));
      }
    }
    commit(written);
    OutboxRelay dying = OutboxRelay.create(infra.database, infra.nats, config);
    assertThat(dying.publishWithoutMarking()).isEqualTo(50);
    assertThat(StreamContents.count(infra.nats.connection(), STREAM)).isEqualTo(50);
    assertThat(unpublishedRows()).isEqualTo(50);

    OutboxRelay successor = startRelay(config);

    await().atMost(PATIENCE).until(() -> unpublishedRows() == 0);
    assertThat(StreamContents.count(infra.nats.connection(), STREAM)).isEqualTo(50);
    assertThat(successor.state().duplicates()).isEqualTo(50);
    Map<UUID, Long> recorded =
        infra
            .database
            .dsl()
            .select(EVENT_ID, STREAM_SEQ)
            .from(table(name("outbox_event")))
            .fetchMap(EVENT_ID, STREAM_SEQ);
    for (StoredMessage m : StreamContents.read(infra.nats.connection(), STREAM)) {
      assertThat(recorded.get(UUID.fromString(m.header(EventHeaders.ID)))).isEqualTo(m.seq());
    }
  }

  @Test
  void a_row_committed_after_a_newer_one_was_published_is_still_published() throws Exception {
    startRelay(config);
    OutboxEvent older = ticketEvent("ticket-slow", 1);
    OutboxEvent newer = ticketEvent("ticket-fast", 1);
    CountDownLatch appended = new CountDownLatch(1);
    CountDownLatch mayCommit = new CountDownLatch(1);
    Thread slowTransaction =
        Thread.ofVirtual()
            .start(
                () ->
                    infra
                        .database
                        .transactor()
                        .run(
                            tx -> {
                              writer.append(tx, older);
                              appended.countDown();
                              try {
                                mayCommit.await();
                              } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                              }
                            }));
    assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();
    commit(List.of(newer));

    await().atMost(PATIENCE).until(() -> streamSeqOf(newer.eventId()).isPresent());
    assertThat(StreamContents.count(infra.nats.connection(), STREAM)).isEqualTo(1);
    mayCommit.countDown();
    slowTransaction.join();

    await().atMost(PATIENCE).until(() -> streamSeqOf(older.eventId()).isPresent());
    // The older row has the lower outbox sequence but was committed, and published, second.
    assertThat(outboxSeqOf(older.eventId())).isLessThan(outboxSeqOf(newer.eventId()));
    assertThat(streamSeqOf(older.eventId()).orElseThrow())
        .isGreaterThan(streamSeqOf(newer.eventId()).orElseThrow());
  }

  @Test
  void after_a_server_restart_an_event_the_stream_lost_is_published_again() throws Exception {
    OutboxRelay relay = startRelay(config);
    List<OutboxEvent> written = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      written.add(ticketEvent("ticket-" + i, 1));
    }
    commit(written);
    await().atMost(PATIENCE).until(() -> unpublishedRows() == 0);
    OutboxEvent lost = written.get(4);
    long lostSeq = streamSeqOf(lost.eventId()).orElseThrow();

    // What an OS crash does to messages acknowledged but not yet synced to disk.
    infra.nats.management().deleteMessage(STREAM, lostSeq);
    infra.testNats.restart();

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                StreamContents.count(infra.nats.connection(), STREAM) == 10
                    && streamSeqOf(lost.eventId()).filter(seq -> seq != lostSeq).isPresent());
    assertThat(StreamContents.read(infra.nats.connection(), STREAM))
        .extracting(m -> m.header(EventHeaders.ID))
        .containsExactlyInAnyOrderElementsOf(
            written.stream().map(e -> e.eventId().toString()).toList());
    assertThat(relay.state().republished()).isEqualTo(1);
  }

  @Test
  void a_restarted_relay_republishes_an_event_deleted_from_the_stream() throws Exception {
    // A short duplicate window: the server remembers a deleted message's id until it passes.
    recreateStream(StreamSpec.of(STREAM, "support.>").withDuplicateWindow(Duration.ofSeconds(1)));
    OutboxRelay first = startRelay(config);
    List<OutboxEvent> written = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      written.add(ticketEvent("ticket-" + i, 1));
    }
    commit(written);
    await().atMost(PATIENCE).until(() -> unpublishedRows() == 0);
    first.stop();
    OutboxEvent lost = written.get(2);
    infra.nats.management().deleteMessage(STREAM, streamSeqOf(lost.eventId()).orElseThrow());

    OutboxRelay second = startRelay(config);

    await()
        .atMost(PATIENCE)
        .until(() -> StreamContents.count(infra.nats.connection(), STREAM) == 5);
    assertThat(StreamContents.read(infra.nats.connection(), STREAM))
        .extracting(m -> m.header(EventHeaders.ID))
        .contains(lost.eventId().toString());
    assertThat(second.state().republished()).isEqualTo(1);
    await().atMost(PATIENCE).until(() -> unpublishedRows() == 0);
  }

  @Test
  void a_stream_recreated_empty_gets_every_recorded_event_again() throws Exception {
    OutboxRelay first = startRelay(config);
    List<OutboxEvent> written = new ArrayList<>();
    for (int change = 1; change <= 3; change++) {
      for (int a = 0; a < 3; a++) {
        written.add(ticketEvent("ticket-" + a, change));
      }
    }
    commit(written);
    await().atMost(PATIENCE).until(() -> unpublishedRows() == 0);
    first.stop();

    // The server lost its store: the stream is declared again, empty.
    recreateStream(StreamSpec.of(STREAM, "support.>"));
    OutboxRelay second = startRelay(config);

    awaitStreamHoldsAllPublished(9);
    List<StoredMessage> stored = StreamContents.read(infra.nats.connection(), STREAM);
    // Every event again, each aggregate's in order (the relay's workers may interleave
    // different aggregates).
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
    assertThat(actual).isEqualTo(expected);
    assertThat(second.state().republished()).isEqualTo(9);
  }

  @Test
  void an_event_committed_after_the_stream_lost_its_predecessor_goes_out_after_it()
      throws Exception {
    OutboxRelay relay = startRelay(config);
    OutboxEvent first = ticketEvent("ticket-1", 1);
    commit(List.of(first));
    await().atMost(PATIENCE).until(() -> unpublishedRows() == 0);

    // The server loses its store while the relay runs, and the aggregate's next change commits
    // at once: the batch that claims it sees the stream changed since the relays' last look, so
    // the lost event is queued again and goes out first (published straight away, the next event
    // would come first in the new stream).
    recreateStream(StreamSpec.of(STREAM, "support.>"));
    OutboxEvent second = ticketEvent("ticket-1", 2);
    commit(List.of(second));

    awaitStreamHoldsAllPublished(2);
    assertThat(StreamContents.read(infra.nats.connection(), STREAM))
        .extracting(m -> m.header(EventHeaders.ID))
        .containsExactly(first.eventId().toString(), second.eventId().toString());
    assertThat(relay.state().republished()).isEqualTo(1);
  }

  @Test
  void an_event_waits_while_an_earlier_one_of_its_aggregate_is_held_by_another_transaction()
      throws Exception {
    OutboxEvent first = ticketEvent("ticket-1", 1);
    OutboxEvent second = ticketEvent("ticket-1", 2);
    OutboxEvent elsewhere = ticketEvent("ticket-2", 1);
    commit(List.of(first));
    commit(List.of(second, elsewhere));
    OutboxRelay relay = OutboxRelay.create(infra.database, infra.nats, config);

    // Another transaction holds the first row (without the aggregate's advisory lock): the claim
    // skips it, and must not publish the aggregate's next event ahead of it.
    try (Connection holder = infra.database.dataSource().getConnection()) {
      holder.setAutoCommit(false);
      try (var lock =
          holder.prepareStatement("select 1 from outbox_event where event_id = ? for update")) {
        lock.setObject(1, first.eventId());
        lock.executeQuery().close();
      }
      relay.relayOnce();
      assertThat(StreamContents.read(infra.nats.connection(), STREAM))
          .extracting(m -> m.header(EventHeaders.ID))
          .containsExactly(elsewhere.eventId().toString());
      holder.rollback();
    }
    relay.relayOnce();

    assertThat(StreamContents.read(infra.nats.connection(), STREAM))
        .extracting(m -> m.header(EventHeaders.ID))
        .containsExactly(
            elsewhere.eventId().toString(),
            first.eventId().toString(),
            second.eventId().toString());
  }

  @Test
  void
      an_event_committed_while_a_worker_publishes_its_aggregate_goes_out_without_waiting_for_the_poll()
          throws Exception {
    // Only the commits' notifications wake the workers here: the poll would take a minute.
    startRelay(config.withWorkers(2).withPollInterval(Duration.ofMinutes(1)));
    OutboxEvent warmUp = ticketEvent("ticket-0", 1);
    commit(List.of(warmUp));
    await().atMost(PATIENCE).until(() -> unpublishedRows() == 0);
    Thread.sleep(300); // both workers back asleep

    OutboxEvent first = ticketEvent("ticket-1", 1);
    OutboxEvent second = ticketEvent("ticket-1", 2);
    infra.testNats.freeze();
    try {
      // One worker claims the first event and waits for the stream, holding its aggregate.
      commit(List.of(first));
      await().atMost(PATIENCE).until(() -> advisoryLocksHeld() > 0);
      // The second event's notification wakes the other worker, which finds the aggregate held
      // and claims nothing.
      commit(List.of(second));
      Thread.sleep(500);
    } finally {
      infra.testNats.thaw();
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> unpublishedRows() == 0);
    assertThat(StreamContents.read(infra.nats.connection(), STREAM))
        .extracting(m -> m.header(EventHeaders.ID))
        .containsExactly(
            warmUp.eventId().toString(), first.eventId().toString(), second.eventId().toString());
  }

  /** Advisory locks held in this test's database (the relay's claims hold one per aggregate). */
  private static int advisoryLocksHeld() {
    return infra
        .database
        .dsl()
        .fetchSingle(
            "select count(*) from pg_locks where locktype = 'advisory' and granted"
                + " and database = (select oid from pg_database where datname = current_database())")
        .get(0, Integer.class);
  }

  @Test
  void published_rows_are_purged_after_the_retention_period() throws Exception {
    commit(List.of(ticketEvent("ticket-1", 1), ticketEvent("ticket-2", 1)));
    OutboxRelay relay =
        OutboxRelay.create(infra.database, infra.nats, config.withRetention(Duration.ofMillis(1)));
    assertThat(relay.relayOnce()).isEqualTo(2);
    OutboxEvent unpublished = ticketEvent("ticket-3", 1);
    commit(List.of(unpublished));

    await().atMost(PATIENCE).until(() -> relay.purge() > 0 || publishedRows() == 0);

    assertThat(publishedRows()).isZero();
    assertThat(
            infra.database.dsl().select(EVENT_ID).from(table(name("outbox_event"))).fetch(EVENT_ID))
        .containsExactly(unpublished.eventId());
  }

  @Test
  void the_relays_own_writer_wakes_it_without_a_notification_and_other_writes_notify()
      throws Exception {
    // Polling once a minute: only a wake-up publishes within the test's patience.
    OutboxRelay relay = startRelay(config.withPollInterval(Duration.ofMinutes(1)));
    try (Connection listener = infra.testDatabase.connect()) {
      listener.setAutoCommit(true);
      listener.createStatement().execute("LISTEN " + Outbox.CHANNEL);
      var notifications = listener.unwrap(org.postgresql.PGConnection.class);

      OutboxEvent quiet = ticketEvent("quiet", 1);
      infra.database.transactor().run(tx -> relay.writer().append(tx, quiet));
      awaitStreamHoldsAllPublished(1);
      // Published by the in-process wake-up, and the commit notified no one.
      assertThat(notifications.getNotifications(500)).isEmpty();

      OutboxEvent loud = ticketEvent("loud", 1);
      infra.database.transactor().run(tx -> writer.append(tx, loud));
      var heard = notifications.getNotifications(5_000);
      assertThat(heard).isNotEmpty();
      assertThat(heard[0].getName()).isEqualTo(Outbox.CHANNEL);
      // The relay heard it too: published without waiting for the minute's poll.
      awaitStreamHoldsAllPublished(2);
    }
  }

  private OutboxRelay startRelay(RelayConfig relayConfig) {
    OutboxRelay relay = OutboxRelay.start(infra.database, infra.nats, relayConfig);
    relays.add(relay);
    return relay;
  }

  private static void recreateStream(StreamSpec spec) throws Exception {
    try {
      infra.nats.management().deleteStream(spec.name());
    } catch (JetStreamApiException notThere) {
      // first test
    }
    new StreamProvisioner(infra.nats).provision(spec);
  }

  private static String orderReport(
      Map<String, List<UUID>> expected,
      Map<String, List<UUID>> actual,
      List<StoredMessage> stored) {
    StringBuilder report = new StringBuilder("per-aggregate order");
    expected.forEach(
        (aggregate, ids) -> {
          if (!ids.equals(actual.get(aggregate))) {
            report.append("\n").append(aggregate).append(" in the stream:");
            stored.stream()
                .filter(m -> aggregate.equals(m.header(EventHeaders.SUBJECT)))
                .forEach(
                    m ->
                        report
                            .append("\n  seq ")
                            .append(m.seq())
                            .append(' ')
                            .append(m.header(EventHeaders.ID)));
            report
                .append("\n")
                .append(aggregate)
                .append(" in the outbox (seq, event, stream seq):");
            infra
                .database
                .dsl()
                .fetch(
                    "select seq, event_id, stream_seq from outbox_event where aggregate_id = ?"
                        + " order by seq",
                    aggregate)
                .forEach(
                    r ->
                        report
                            .append("\n  ")
                            .append(r.get(0))
                            .append(' ')
                            .append(r.get(1))
                            .append(' ')
                            .append(r.get(2)));
          }
        });
    return report.toString();
  }

  private void commit(List<OutboxEvent> events) {
    infra.database.transactor().run(tx -> writer.appendAll(tx, events));
  }

  private static OutboxEvent ticketEvent(String ticketId, long version) {
    UUID id = UUID.randomUUID();
    return OutboxEvent.protobuf(
        id,
        "ticket",
        ticketId,
        version,
        "support.ticket.updated",
        "fieldops.support.v1.TicketUpdated",
        (ticketId + "@" + version + "#" + id).getBytes(StandardCharsets.UTF_8),
        Instant.now());
  }

  /** Waits until the stream holds {@code messages} and the outbox has nothing left to publish. */
  private static void awaitStreamHoldsAllPublished(int messages) {
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                StreamContents.count(infra.nats.connection(), STREAM) == messages
                    && unpublishedRows() == 0);
  }

  private static int unpublishedRows() {
    return infra.database.dsl().fetchCount(table(name("outbox_event")), PUBLISHED_TIME.isNull());
  }

  private static int publishedRows() {
    return infra.database.dsl().fetchCount(table(name("outbox_event")), PUBLISHED_TIME.isNotNull());
  }

  private static Optional<Long> streamSeqOf(UUID eventId) {
    return infra
        .database
        .dsl()
        .select(STREAM_SEQ)
        .from(table(name("outbox_event")))
        .where(EVENT_ID.eq(eventId))
        .fetchOptional(STREAM_SEQ);
  }

  private static long outboxSeqOf(UUID eventId) {
    return infra
        .database
        .dsl()
        .select(SEQ)
        .from(table(name("outbox_event")))
        .where(EVENT_ID.eq(eventId))
        .fetchSingle(SEQ);
  }
}
