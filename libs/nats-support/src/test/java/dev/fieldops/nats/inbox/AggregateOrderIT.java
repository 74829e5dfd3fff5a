package dev.fieldops.nats.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fieldops.jooq.Database;
import dev.fieldops.nats.EventHeaders;
import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.StreamProvisioner;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.nats.outbox.OutboxEvent;
import dev.fieldops.nats.outbox.OutboxRelay;
import dev.fieldops.nats.outbox.OutboxWriter;
import dev.fieldops.nats.outbox.RelayConfig;
import dev.fieldops.nats.testing.Infrastructure;
import dev.fieldops.nats.testing.StreamContents;
import dev.fieldops.nats.testing.StreamContents.StoredMessage;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.core.ConditionTimeoutException;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of a consumer share one durable, as two instances of a service do, each with its own
 * database pool and NATS connection. Events of many aggregates are written interleaved by
 * concurrent writers and published by the relay; the handler fails some first attempts (a NAK and a
 * redelivery after the backoff) and outlasts the ack wait on others (JetStream redelivers them to
 * the other replica while the first still applies them), and copies of published events are
 * published again under other message ids, as after a republication outside the duplicate window.
 * Every aggregate's events must be applied in publish order, each exactly once.
 */
class AggregateOrderIT {

  private static final String STREAM = "TELEMETRY";
  private static final String NOTED = "fieldops.test.v1.AlertNoted";
  private static final String PINGED = "fieldops.test.v1.AlertPinged";
  private static final int AGGREGATES = 24;
  private static final int EVENTS_PER_AGGREGATE = 12;
  private static final int WRITERS = 3;
  private static final Duration ACK_WAIT = Duration.ofSeconds(2);
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  private static Infrastructure infra;
  private static Database secondDatabase;
  private static TrackedConnection secondNats;

  @BeforeAll
  static void start() throws Exception {
    infra = Infrastructure.start();
    secondDatabase = Infrastructure.eventsDatabase(infra.testDatabase);
    secondNats =
        NatsConnections.connect(
            NatsConfig.forUrl(infra.testNats.url(), "aggregate-order-test-2")
                .withRequestTimeout(Duration.ofSeconds(2)));
    infra
        .database
        .dsl()
        .execute(
            "create table applied_event (n bigint generated always as identity primary key,"
                + " event_id uuid not null, aggregate_id text not null, aggregate_seq bigint not"
                + " null, replica int not null)");
    new StreamProvisioner(infra.nats).provision(StreamSpec.of(STREAM, "telemetry.>"));
  }

  @AfterAll
  static void stop() {
    secondNats.close();
    secondDatabase.close();
    infra.close();
  }

  @Test
  void two_replicas_apply_each_aggregates_events_once_in_publish_order() throws Exception {
    ConsumerSpec spec =
        ConsumerSpec.of(
                STREAM,
                "alert-notes",
                "telemetry.alert.>",
                EventSubjects.of(
                    Map.of(NOTED, "telemetry.alert.noted", PINGED, "telemetry.alert.pinged")))
            // Up to about 20 s for an event to wait for its predecessor: a loaded machine may
            // take a while to redeliver a predecessor whose first attempt failed.
            .withRetries(20, List.of(ACK_WAIT, Duration.ofSeconds(1)))
            .withBatchSize(20);
    // Pinged events are not decoded: they pass through the order without a handler.
    EventDecoder<String> decoder =
        EventDecoder.byType(
            Map.of(NOTED, EventDecoder.protobuf(b -> new String(b, StandardCharsets.UTF_8))));
    List<ConsumerRunner<String>> replicas = new ArrayList<>();
    try (OutboxRelay relay =
        OutboxRelay.start(
            infra.database,
            infra.nats,
            RelayConfig.forStream(STREAM, "/fieldops/telemetry")
                .withPollInterval(Duration.ofMillis(100)))) {
      replicas.add(
          ConsumerRunner.start(infra.database, infra.nats, spec, decoder, handler(infra, 1)));
      replicas.add(
          ConsumerRunner.start(
              secondDatabase, secondNats, spec, decoder, handler(secondDatabase, 2)));

      List<OutboxEvent> written = writeInterleaved(relay.writer());
      await()
          .atMost(PATIENCE)
          .until(() -> StreamContents.count(infra.nats.connection(), STREAM) == written.size());

      // A copy of every fifth event, stored again under another message id.
      List<StoredMessage> stored = StreamContents.read(infra.nats.connection(), STREAM);
      int copies = 0;
      for (int i = 0; i < stored.size(); i += 5) {
        republish(stored.get(i));
        copies++;
      }
      int expectedCopies = copies;

      long decoded = written.stream().filter(e -> e.eventType().equals(NOTED)).count();
      // At least (not exactly) every decoded event: one applied twice fails below, with its id.
      try {
        await()
            .atMost(PATIENCE)
            .until(
                () ->
                    appliedCount() >= decoded
                        && fullyApplied() == AGGREGATES
                        && stillParked() == 0
                        && replicas.stream().mapToLong(r -> r.state().duplicates()).sum()
                            >= expectedCopies);
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(
            "not every event was applied within "
                + PATIENCE
                + ": "
                + progress(replicas, decoded, expectedCopies),
            e);
      }

      assertAppliedOnceInPublishOrder(written);
      // An event whose predecessor outlasted the delivery limit (a loaded machine) is held and
      // applied with its predecessor; nothing may be parked for any other reason.
      assertThat(
              infra
                  .database
                  .dsl()
                  .fetchCount(
                      infra
                          .database
                          .dsl()
                          .selectFrom("dead_letter")
                          .where("reason <> 'PREDECESSOR_MISSING' or retried_time is null")))
          .as("nothing parked but held events, all of them applied since")
          .isZero();
      assertThat(replicas.stream().mapToLong(r -> r.state().retried()).sum())
          .as("failed first attempts were retried")
          .isPositive();
      assertThat(
              infra
                  .database
                  .dsl()
                  .fetchOne("select count(distinct replica) from applied_event")
                  .get(0, Integer.class))
          .as("both replicas applied events")
          .isEqualTo(2);
    } finally {
      replicas.forEach(ConsumerRunner::stop);
    }
  }

  /**
   * The handler records what it applied in the runner's transaction; it outlasts the ack wait on
   * the first attempt of a few events and fails the first attempt of some others.
   */
  private static EventHandler<String> handler(Infrastructure infra, int replica) {
    return handler(infra.database, replica);
  }

  private static EventHandler<String> handler(Database database, int replica) {
    return event -> {
      long sequence = event.envelope().aggregateSequence();
      if (event.deliveryAttempt() == 1 && outlastsTheAckWait(event.aggregateId(), sequence)) {
        // Fault injection, not synchronisation: the ack wait expires and JetStream hands the
        // event to the other replica, which must wait for this transaction.
        Thread.sleep(ACK_WAIT.toMillis() + 500);
      } else if (event.deliveryAttempt() == 1
          && Math.floorMod(event.eventId().hashCode(), 13) == 0) {
        throw new IllegalStateException("a passing failure");
      }
      DSLContext tx = database.transactor().current().orElseThrow();
      tx.execute(
          "insert into applied_event (event_id, aggregate_id, aggregate_seq, replica)"
              + " values (?, ?, ?, ?)",
          event.eventId(),
          event.aggregateId(),
          sequence,
          replica);
    };
  }

  /**
   * The third event of every sixth aggregate (four events): each first attempt of theirs holds a
   * replica for longer than the ack wait, so few of them keep the test short.
   */
  private static boolean outlastsTheAckWait(String aggregateId, long sequence) {
    return sequence == 3 && Integer.parseInt(aggregateId.substring("alert-".length())) % 6 == 0;
  }

  /**
   * Each writer owns every {@value #WRITERS}th aggregate and writes one event per transaction,
   * round robin over its aggregates, so the aggregates' events interleave in the outbox and the
   * stream. Every fourth event of an aggregate is a ping the consumer does not decode.
   */
  private static List<OutboxEvent> writeInterleaved(OutboxWriter writer) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<List<OutboxEvent>>> results = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writerIndex = w;
        results.add(
            pool.submit(
                () -> {
                  List<OutboxEvent> events = new ArrayList<>();
                  for (int version = 1; version <= EVENTS_PER_AGGREGATE; version++) {
                    for (int a = writerIndex; a < AGGREGATES; a += WRITERS) {
                      OutboxEvent event = event("alert-" + a, version);
                      infra.database.transactor().run(tx -> writer.append(tx, event));
                      events.add(event);
                    }
                  }
                  return events;
                }));
      }
      List<OutboxEvent> all = new ArrayList<>();
      for (Future<List<OutboxEvent>> result : results) {
        all.addAll(result.get());
      }
      return all;
    } finally {
      pool.shutdown();
    }
  }

  private static OutboxEvent event(String alert, int version) {
    boolean ping = version % 4 == 0;
    return OutboxEvent.protobuf(
        UUID.randomUUID(),
        "alert",
        alert,
        version,
        ping ? "telemetry.alert.pinged" : "telemetry.alert.noted",
        ping ? PINGED : NOTED,
        (alert + "@" + version).getBytes(StandardCharsets.UTF_8),
        Instant.now());
  }

  private static void republish(StoredMessage original) throws Exception {
    Headers headers = new Headers();
    original.headers().forEach(headers::put);
    headers.remove(EventHeaders.NATS_MSG_ID);
    infra
        .nats
        .jetStream()
        .publish(
            NatsMessage.builder()
                .subject(original.subject())
                .headers(headers)
                .data(original.data())
                .build(),
            PublishOptions.builder().messageId(UUID.randomUUID().toString()).build());
  }

  /** Dead letters not applied (yet). */
  private static int stillParked() {
    return infra
        .database
        .dsl()
        .fetchCount(infra.database.dsl().selectFrom("dead_letter").where("retried_time is null"));
  }

  /** What the consumers did, for a failure message. */
  private static String progress(
      List<ConsumerRunner<String>> replicas, long decoded, int expectedCopies) {
    var dsl = infra.database.dsl();
    return "applied "
        + appliedCount()
        + " of "
        + decoded
        + ", aggregates fully applied "
        + fullyApplied()
        + " of "
        + AGGREGATES
        + ", copies expected "
        + expectedCopies
        + "; replicas "
        + replicas.stream().map(r -> r.state() + " waited " + r.waitedForPredecessor()).toList()
        + "; progress "
        + dsl.fetch(
                "select aggregate_id, last_seq from inbox_sequence where last_seq < "
                    + EVENTS_PER_AGGREGATE
                    + " order by aggregate_id")
            .formatCSV(false)
            .replace('\n', ' ')
        + "; dead letters "
        + dsl.fetch(
                "select id, reason, attempts, retried_time is not null as released, error from"
                    + " dead_letter order by id")
            .formatCSV(false)
            .replace('\n', ' ');
  }

  private static long appliedCount() {
    return infra.database.dsl().fetchCount(infra.database.dsl().selectFrom("applied_event"));
  }

  /** Aggregates whose every event (pings included) passed the consumer. */
  private static int fullyApplied() {
    return infra
        .database
        .dsl()
        .fetchCount(
            infra
                .database
                .dsl()
                .selectFrom("inbox_sequence")
                .where("consumer = 'alert-notes' and last_seq = " + EVENTS_PER_AGGREGATE));
  }

  private static void assertAppliedOnceInPublishOrder(List<OutboxEvent> written) {
    Map<String, List<UUID>> expected = new LinkedHashMap<>();
    for (int version = 1; version <= EVENTS_PER_AGGREGATE; version++) {
      for (OutboxEvent e : written) {
        if (e.aggregateVersion() == version && e.eventType().equals(NOTED)) {
          expected.computeIfAbsent(e.aggregateId(), k -> new ArrayList<>()).add(e.eventId());
        }
      }
    }
    Map<String, List<UUID>> applied = new LinkedHashMap<>();
    Set<UUID> seen = new HashSet<>();
    List<UUID> twice = new ArrayList<>();
    infra
        .database
        .dsl()
        .fetch("select aggregate_id, event_id from applied_event order by n")
        .forEach(
            r -> {
              UUID id = r.get(1, UUID.class);
              if (!seen.add(id)) {
                twice.add(id);
              }
              applied.computeIfAbsent(r.get(0, String.class), k -> new ArrayList<>()).add(id);
            });
    assertThat(twice).as("events applied twice").isEmpty();
    assertThat(applied).as("each aggregate's events in publish order").isEqualTo(expected);
  }
}
