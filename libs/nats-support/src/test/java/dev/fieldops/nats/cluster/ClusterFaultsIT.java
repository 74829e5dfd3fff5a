package dev.fieldops.nats.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.fieldops.jooq.Database;
import dev.fieldops.nats.EventHeaders;
import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.StreamKeeper;
import dev.fieldops.nats.StreamSettings;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.nats.inbox.ConsumerRunner;
import dev.fieldops.nats.inbox.ConsumerSpec;
import dev.fieldops.nats.inbox.EventDecoder;
import dev.fieldops.nats.inbox.EventHandler;
import dev.fieldops.nats.inbox.EventSubjects;
import dev.fieldops.nats.inbox.OutOfOrderPolicy;
import dev.fieldops.nats.outbox.OutboxEvent;
import dev.fieldops.nats.outbox.OutboxRelay;
import dev.fieldops.nats.outbox.OutboxWriter;
import dev.fieldops.nats.outbox.RelayConfig;
import dev.fieldops.nats.testing.Infrastructure;
import dev.fieldops.nats.testing.StreamContents;
import dev.fieldops.nats.testing.StreamContents.StoredMessage;
import dev.fieldops.test.NatsCluster;
import dev.fieldops.test.TestDatabase;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.Replica;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The outbox relay and a durable consumer on a real 3-node JetStream cluster ({@link NatsCluster}),
 * the stream R3 as a service creates it with {@code EVENTS_STREAM_REPLICAS=3}, the connection given
 * every node in {@code NATS_URL}. Under a steady load of outbox events, one node at a time is
 * crashed (kill -9) or frozen (SIGSTOP); at the end every event is counted: once in the stream, in
 * its aggregate's order, and applied once by the consumer. Nothing in the services is restarted.
 *
 * <p>It runs alone ({@link Isolated}), never beside the module's other classes (two of which run at
 * a time): it bounds recoveries by deadlines.
 */
@Isolated
class ClusterFaultsIT {

  private static final String STREAM = "SUPPORT";
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final int AGGREGATES = 4;
  private static final String UPDATED = "fieldops.support.v1.TicketUpdated";
  private static final EventSubjects TICKET_EVENTS =
      EventSubjects.of(Map.of(UPDATED, "support.ticket.updated"));

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ClusterFaultsIT.class);

  private static NatsCluster cluster;
  private final long started = System.nanoTime();

  /** What a test did when, for the report and for whoever reads a slow run. */
  private void phase(String what) {
    LOG.info(
        "[{} ms] {}: written {}, applied {}",
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        what,
        written.size(),
        applied());
  }

  private TestDatabase testDatabase;
  private Database database;
  private TrackedConnection nats;
  private StreamKeeper keeper;
  private OutboxRelay relay;
  private ConsumerRunner<String> consumer;
  private final OutboxWriter writer = new OutboxWriter();
  private final List<OutboxEvent> written = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean loading = new AtomicBoolean();
  private Thread load;
  private int version;

  @BeforeAll
  static void startCluster() {
    cluster = NatsCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void start() throws Exception {
    testDatabase = TestDatabase.create();
    database = Infrastructure.eventsDatabase(testDatabase);
    database
        .dsl()
        .execute(
            "create table applied_event (event_id uuid not null, aggregate_id text not null,"
                + " version bigint not null)");
    // What a service reads: every node in NATS_URL, the stream's replicas from the settings.
    Map<String, String> env = Map.of("NATS_URL", cluster.url(), "EVENTS_STREAM_REPLICAS", "3");
    nats =
        NatsConnections.open(
            NatsConfig.fromEnvironment(env, "cluster-faults")
                .withReconnectWait(Duration.ofMillis(50), Duration.ofMillis(250))
                .withRequestTimeout(Duration.ofSeconds(2)));
    StreamSpec spec =
        StreamSettings.fromEnvironment(env).applyTo(StreamSpec.of(STREAM, "support.>"));
    keeper = StreamKeeper.start(nats, spec, Duration.ofSeconds(1));
    assertThat(keeper.awaitReady(PATIENCE)).as(keeper.status().detail()).isTrue();
    relay =
        OutboxRelay.start(
            database,
            nats,
            keeper,
            RelayConfig.forStream(STREAM, "/fieldops/support")
                .withPollInterval(Duration.ofMillis(100))
                .withAckTimeout(Duration.ofSeconds(2)));
    consumer =
        ConsumerRunner.start(
            database,
            nats,
            ConsumerSpec.of(STREAM, "cluster-tickets", "support.ticket.>", TICKET_EVENTS)
                .withRetries(20, List.of(Duration.ofMillis(500)))
                .withOutOfOrder(OutOfOrderPolicy.APPLY),
            EventDecoder.protobuf(bytes -> new String(bytes, StandardCharsets.UTF_8), json -> json),
            handler());
  }

  @AfterEach
  void stop() throws Exception {
    stopLoad();
    for (NatsCluster.Node node : cluster.nodes()) {
      if (node.isFrozen()) {
        node.thaw();
      }
      node.start();
    }
    cluster.awaitReady();
    if (consumer != null) {
      consumer.stop();
    }
    if (relay != null) {
      relay.stop();
    }
    if (keeper != null) {
      keeper.close();
    }
    try {
      await().atMost(PATIENCE).ignoreExceptions().until(() -> deleteStream());
    } finally {
      nats.close();
      database.close();
      testDatabase.close();
    }
  }

  @Test
  void the_service_creates_an_r3_stream_placed_on_all_three_nodes() throws Exception {
    StreamConfiguration config = nats.management().getStreamInfo(STREAM).getConfiguration();
    assertThat(config.getReplicas()).isEqualTo(3);
    ClusterInfo placement = awaitAllReplicasCurrent();
    List<String> peers = new ArrayList<>();
    peers.add(placement.getLeader());
    placement.getReplicas().forEach(r -> peers.add(r.getName()));
    assertThat(peers).containsExactlyInAnyOrder("n1", "n2", "n3");
  }

  @Test
  void a_follower_killed_and_brought_back_loses_and_duplicates_nothing() throws Exception {
    startLoad();
    awaitSomeApplied();
    NatsCluster.Node follower = cluster.followerOf(STREAM);

    phase("killing follower " + follower);
    follower.kill();
    int atKill = written.size();
    await().atMost(PATIENCE).until(() -> applied() > atKill);
    follower.start();
    cluster.awaitReady();
    awaitMoreWritten();

    stopLoad();
    assertEveryEventOnceInOrderAndAppliedOnce();
  }

  @Test
  void the_stream_leader_killed_is_replaced_and_loses_and_duplicates_nothing() throws Exception {
    startLoad();
    awaitSomeApplied();
    NatsCluster.Node leader = cluster.streamLeader(STREAM);

    phase("killing leader " + leader);
    leader.kill();
    NatsCluster.Node next = cluster.streamLeader(STREAM);
    phase("new leader " + next);
    assertThat(next).isNotSameAs(leader);
    int atKill = written.size();
    await().atMost(PATIENCE).until(() -> applied() > atKill);
    leader.start();
    cluster.awaitReady();
    awaitMoreWritten();

    stopLoad();
    assertEveryEventOnceInOrderAndAppliedOnce();
  }

  @Test
  void the_stream_leader_frozen_for_15_seconds_then_continued_loses_and_duplicates_nothing()
      throws Exception {
    startLoad();
    awaitSomeApplied();
    NatsCluster.Node leader = cluster.streamLeader(STREAM);

    phase("freezing " + leader);
    leader.freeze();
    long frozenAt = System.nanoTime();
    try {
      int atFreeze = written.size();
      // The other two elect a new leader and go on while the old one hangs.
      await().atMost(PATIENCE).until(() -> applied() > atFreeze);
      phase("applied past the freeze");
      long left = Duration.ofSeconds(15).toNanos() - (System.nanoTime() - frozenAt);
      if (left > 0) {
        // Frozen for 15 s in all, as the scenario says (a duration, not a synchronisation).
        Thread.sleep(Duration.ofNanos(left));
      }
    } finally {
      leader.thaw();
    }
    phase("thawed");
    cluster.awaitReady();
    awaitMoreWritten();

    stopLoad();
    assertEveryEventOnceInOrderAndAppliedOnce();
  }

  /** Commits one event per aggregate about every 100 ms, each aggregate's versions in order. */
  private void startLoad() {
    loading.set(true);
    load =
        Thread.ofPlatform()
            .name("cluster-load")
            .start(
                () -> {
                  while (loading.get()) {
                    commitRound();
                    try {
                      Thread.sleep(100);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
  }

  private void stopLoad() throws InterruptedException {
    loading.set(false);
    if (load != null) {
      load.join(Duration.ofSeconds(30));
      load = null;
    }
  }

  private void commitRound() {
    version++;
    List<OutboxEvent> events = new ArrayList<>();
    for (int a = 0; a < AGGREGATES; a++) {
      String ticket = "ticket-" + a;
      events.add(
          OutboxEvent.protobuf(
              UUID.randomUUID(),
              "ticket",
              ticket,
              version,
              "support.ticket.updated",
              UPDATED,
              (ticket + "@" + version).getBytes(StandardCharsets.UTF_8),
              Instant.now()));
    }
    database.transactor().run(tx -> writer.appendAll(tx, events));
    written.addAll(events);
  }

  private void awaitSomeApplied() {
    await().atMost(PATIENCE).until(() -> applied() >= 3 * AGGREGATES);
  }

  private void awaitMoreWritten() {
    int now = written.size();
    await().atMost(PATIENCE).until(() -> written.size() >= now + 5 * AGGREGATES);
  }

  private EventHandler<String> handler() {
    return event -> {
      DSLContext tx = database.transactor().current().orElseThrow();
      tx.insertInto(table(name("applied_event")))
          .columns(
              field(name("event_id"), SQLDataType.UUID),
              field(name("aggregate_id"), SQLDataType.CLOB),
              field(name("version"), SQLDataType.BIGINT))
          .values(event.eventId(), event.aggregateId(), event.aggregateVersion())
          .execute();
    };
  }

  private int applied() {
    return database.dsl().fetchCount(table(name("applied_event")));
  }

  private int unpublished() {
    return database
        .dsl()
        .fetchCount(
            database.dsl().selectOne().from("outbox_event").where("published_time is null"));
  }

  /**
   * The count at the end: every committed event published (none left in the outbox), once in the
   * stream, each aggregate's events in version order, and applied once by the consumer, nothing
   * parked.
   */
  private void assertEveryEventOnceInOrderAndAppliedOnce() throws Exception {
    phase("load stopped");
    List<String> ids = written.stream().map(e -> e.eventId().toString()).toList();
    await()
        .atMost(PATIENCE)
        .ignoreExceptions()
        .until(
            () ->
                unpublished() == 0
                    && StreamContents.count(nats.connection(), STREAM) == ids.size()
                    && applied() >= ids.size());

    // Read once every replica has caught up (a node just brought back serves reads late).
    awaitAllReplicasCurrent();
    List<List<StoredMessage>> read = new ArrayList<>();
    await()
        .atMost(PATIENCE)
        .ignoreExceptions()
        .until(() -> read.add(StreamContents.read(nats.connection(), STREAM)));
    List<StoredMessage> stored = read.get(0);
    assertThat(stored)
        .extracting(m -> m.header(EventHeaders.ID))
        .as("every event once in the stream")
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(ids);
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
    phase("all published and applied");

    List<String> appliedIds =
        database.dsl().fetch("select event_id::text from applied_event").getValues(0, String.class);
    assertThat(appliedIds)
        .as("every event applied once")
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(ids);
    assertThat(consumer.state().parked()).as("nothing parked").isZero();
  }

  /** Waits until the stream has a leader and both other nodes are current replicas. */
  private ClusterInfo awaitAllReplicasCurrent() {
    ClusterInfo[] last = new ClusterInfo[1];
    await()
        .atMost(PATIENCE)
        .ignoreExceptions()
        .until(
            () -> {
              ClusterInfo info = nats.management().getStreamInfo(STREAM).getClusterInfo();
              last[0] = info;
              return info.getLeader() != null
                  && info.getReplicas() != null
                  && info.getReplicas().size() == 2
                  && info.getReplicas().stream().allMatch(Replica::isCurrent);
            });
    return last[0];
  }

  private boolean deleteStream() throws Exception {
    if (!nats.management().getStreamNames().contains(STREAM)) {
      return true;
    }
    return nats.management().deleteStream(STREAM);
  }
}
