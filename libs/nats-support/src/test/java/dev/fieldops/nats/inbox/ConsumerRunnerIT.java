package dev.fieldops.nats.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.fieldops.nats.StreamProvisioner;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.nats.inbox.DeadLetters.RetryOutcome;
import dev.fieldops.nats.testing.Infrastructure;
import dev.fieldops.test.PrometheusText;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsumerRunnerIT {

  private static final String STREAM = "SUPPORT";
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  /**
   * For a flood of 250 parkings, each a transaction and a purge: 5–8 s beside six busy loops, and
   * over 20 s while four other modules' tests share the two cores.
   */
  private static final Duration FLOOD_PATIENCE = Duration.ofSeconds(60);

  private static final Field<UUID> EVENT_ID = field(name("event_id"), SQLDataType.UUID);
  private static final Field<String> NOTE = field(name("note"), SQLDataType.CLOB);
  private static final Field<Long> VERSION = field(name("version"), SQLDataType.BIGINT);
  private static final Pattern JSON_NOTE =
      Pattern.compile("\\{\\s*\"note\"\\s*:\\s*\"([^\"]*)\"\\s*}");

  private static Infrastructure infra;
  private static int consumerNumber;

  private ConsumerRunner<String> runner;
  private String durable;
  private volatile Predicate<InboundEvent<String>> broken = event -> false;
  private volatile CountDownLatch holdFirstAttempt;
  private final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();
  // Events in the order the handler applied them (these tests' transactions do not roll back).
  private final List<UUID> handled = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startInfrastructure() throws Exception {
    infra = Infrastructure.start();
    infra
        .database
        .dsl()
        .execute(
            "create table ticket_note (event_id uuid primary key, ticket_id text not null,"
                + " version bigint not null, note text not null)");
    new StreamProvisioner(infra.nats).provision(StreamSpec.of(STREAM, "support.>"));
  }

  @AfterAll
  static void stopInfrastructure() {
    infra.close();
  }

  @BeforeEach
  void freshConsumer() throws Exception {
    infra.nats.management().purgeStream(STREAM);
    infra
        .database
        .dsl()
        .execute("truncate ticket_note, inbox_event, inbox_aggregate, inbox_sequence, dead_letter");
    durable = "support-notes-" + (++consumerNumber);
  }

  @AfterEach
  void stopRunner() {
    if (runner != null) {
      runner.stop();
    }
  }

  @Test
  void a_duplicated_event_is_applied_once() throws Exception {
    startRunner(spec());
    UUID event = UUID.randomUUID();
    // Two copies in the stream, as after a republication outside the duplicate window.
    publish(event, "ticket-1", 1, "note:first reply", "copy-1");
    publish(event, "ticket-1", 1, "note:first reply", "copy-2");
    UUID next = UUID.randomUUID();
    publish(next, "ticket-1", 2, "note:second reply", null);

    await()
        .atMost(PATIENCE)
        .until(() -> runner.state().applied() == 2 && runner.state().duplicates() == 1);
    assertThat(notes())
        .containsExactlyInAnyOrderEntriesOf(Map.of(event, "first reply", next, "second reply"));
    assertThat(attempts.get(event)).hasValue(1);
  }

  @Test
  void the_consumer_meters_count_every_outcome_and_report_the_durables_lag() throws Exception {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var supervisor =
        ConsumerSupervisor.start(
            infra.database,
            infra.nats,
            List.of(new ConsumerSupervisor.Definition<>(spec(), decoder(), handler())));
    try {
      ConsumerMetrics.bind(registry, supervisor);
      await().atMost(PATIENCE).until(() -> supervisor.state(durable).isPresent());
      UUID first = UUID.randomUUID();
      UUID poison = UUID.randomUUID();
      broken = event -> event.eventId().equals(poison);
      // Two copies under ids of their own (the stream remembers message ids across tests).
      publish(first, "ticket-1", 1, "note:first", first + "-copy-1");
      publish(first, "ticket-1", 1, "note:first", first + "-copy-2");
      publish(poison, "ticket-2", 1, "note:never applies", null);
      publish(UUID.randomUUID(), "ticket-3", 1, "note:third", null);

      Map<String, String> ofDurable = Map.of("durable", durable);
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                var metrics = PrometheusText.parse(registry.scrape());
                assertThat(metrics.value("fieldops_consumer_applied_total", ofDurable))
                    .contains(2.0);
                assertThat(metrics.value("fieldops_consumer_duplicates_total", ofDurable))
                    .contains(1.0);
                assertThat(metrics.value("fieldops_consumer_retried_total", ofDurable))
                    .contains(2.0);
                assertThat(metrics.value("fieldops_consumer_parked_total", ofDurable))
                    .contains(1.0);
                // Read from the durable's consumer info: everything was delivered.
                assertThat(metrics.value("fieldops_consumer_pending", ofDurable)).contains(0.0);
              });
      var metrics = PrometheusText.parse(registry.scrape());
      var state = supervisor.state(durable).orElseThrow();
      assertThat(metrics.value("fieldops_consumer_duplicates_total", ofDurable))
          .contains((double) state.duplicates());
      assertThat(metrics.value("fieldops_consumer_apply_latency_seconds_count", ofDurable))
          .contains(2.0);
      assertThat(
              metrics.value(
                  "fieldops_consumer_apply_latency_seconds_bucket",
                  Map.of("durable", durable, "le", "+Inf")))
          .contains(2.0);
    } finally {
      supervisor.close();
      registry.close();
    }
  }

  @Test
  void a_redelivered_event_is_applied_once() throws Exception {
    holdFirstAttempt = new CountDownLatch(1);
    startRunner(spec());
    UUID event = UUID.randomUUID();
    publish(event, "ticket-1", 1, "note:slow to apply", null);

    // The first attempt is still running when the ack wait expires: JetStream redelivers it.
    await()
        .atMost(PATIENCE)
        .until(() -> infra.nats.management().getConsumerInfo(STREAM, durable).getRedelivered() > 0);
    holdFirstAttempt.countDown();

    await()
        .atMost(PATIENCE)
        .until(() -> runner.state().duplicates() >= 1 && runner.state().applied() == 1);
    assertThat(notes()).containsOnlyKeys(event);
    assertThat(attempts.get(event)).hasValue(1);
    await()
        .atMost(PATIENCE)
        .until(
            () -> infra.nats.management().getConsumerInfo(STREAM, durable).getNumAckPending() == 0);
  }

  @Test
  void an_undecodable_event_is_parked_with_its_reason_while_later_events_flow() throws Exception {
    startRunner(spec());
    UUID garbled = UUID.randomUUID();
    publish(garbled, "ticket-1", 1, "\u0000\u0007garbage", null);
    UUID later = UUID.randomUUID();
    publish(later, "ticket-1", 2, "note:still flowing", null);

    await()
        .atMost(PATIENCE)
        .until(() -> runner.state().applied() == 1 && runner.state().parked() == 1);
    assertThat(notes()).containsOnlyKeys(later);
    List<DeadLetter> parked = runner.deadLetters().list();
    assertThat(parked)
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.reason()).isEqualTo(ParkReason.UNDECODABLE);
              assertThat(letter.eventId()).contains(garbled);
              assertThat(letter.error()).contains("not a ticket note");
              assertThat(letter.subject()).isEqualTo("support.ticket.commented");
              assertThat(new String(letter.payload(), StandardCharsets.UTF_8)).endsWith("garbage");
              assertThat(letter.headers()).containsEntry("ce-id", garbled.toString());
            });
    // Terminated, not left to be redelivered.
    await()
        .atMost(PATIENCE)
        .until(
            () -> infra.nats.management().getConsumerInfo(STREAM, durable).getNumAckPending() == 0);
  }

  @Test
  void events_without_a_usable_envelope_are_parked_as_invalid_each_in_a_row_of_its_own()
      throws Exception {
    startRunner(spec());
    // Without a readable envelope there is no event id to tell them apart: three rows, three
    // parkings, not one event parked "again".
    for (int i = 1; i <= 3; i++) {
      Map<String, String> headers = ceHeaders(UUID.randomUUID(), "ticket-" + i, 1);
      headers.remove("ce-type");
      publishRaw(headers, "note:typeless " + i, null);
    }
    UUID later = UUID.randomUUID();
    publish(later, "ticket-9", 1, "note:fine", null);

    await()
        .atMost(PATIENCE)
        .until(() -> runner.state().applied() == 1 && runner.state().parked() == 3);
    assertThat(runner.deadLetters().list())
        .hasSize(3)
        .allSatisfy(
            letter -> {
              assertThat(letter.reason()).isEqualTo(ParkReason.INVALID_ENVELOPE);
              assertThat(letter.error()).contains("ce-type");
            });
  }

  @Test
  void
      an_event_whose_handler_keeps_failing_is_parked_after_its_last_attempt_while_later_events_flow()
          throws Exception {
    UUID poison = UUID.randomUUID();
    broken = event -> event.eventId().equals(poison);
    startRunner(spec());
    publish(poison, "ticket-1", 1, "note:trips a bug", null);
    UUID later = UUID.randomUUID();
    publish(later, "ticket-2", 1, "note:unaffected", null);

    await().atMost(PATIENCE).until(() -> notes().containsKey(later));
    await().atMost(PATIENCE).until(() -> runner.state().parked() == 1);

    assertThat(attempts.get(poison)).hasValue(3);
    assertThat(runner.state().retried()).isEqualTo(2);
    assertThat(runner.deadLetters().list())
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.reason()).isEqualTo(ParkReason.HANDLER_FAILED);
              assertThat(letter.attempts()).isEqualTo(3);
              assertThat(letter.error()).contains("handler bug");
              assertThat(letter.eventId()).contains(poison);
            });
    assertThat(notes()).containsOnlyKeys(later);
  }

  @Test
  void a_parked_event_can_be_retried_once_its_cause_is_fixed() throws Exception {
    UUID poison = UUID.randomUUID();
    broken = event -> event.eventId().equals(poison);
    startRunner(spec());
    publish(poison, "ticket-1", 1, "note:needs a fix", null);
    await().atMost(PATIENCE).until(() -> runner.state().parked() == 1);
    DeadLetters deadLetters = runner.deadLetters();
    long id = deadLetters.list().getFirst().id();

    RetryOutcome stillBroken = deadLetters.retry(id);
    assertThat(stillBroken).isInstanceOf(RetryOutcome.Failed.class);
    assertThat(deadLetters.list().getFirst().attempts()).isEqualTo(4);

    broken = event -> false;
    assertThat(deadLetters.retry(id)).isEqualTo(new RetryOutcome.Applied(id));
    assertThat(notes()).containsEntry(poison, "needs a fix");
    assertThat(deadLetters.list()).isEmpty();
    assertThat(deadLetters.retry(id)).isEqualTo(new RetryOutcome.NotParked(id));

    // A copy arriving later finds it in the inbox.
    publish(poison, "ticket-1", 1, "note:needs a fix", "late-copy");
    await().atMost(PATIENCE).until(() -> runner.state().duplicates() == 1);
    assertThat(attempts.get(poison)).hasValue(5);
  }

  @Test
  void events_whose_predecessor_is_late_are_held_and_applied_in_order_when_it_arrives()
      throws Exception {
    startRunner(spec());
    UUID second = UUID.randomUUID();
    UUID third = UUID.randomUUID();
    publishSequenced(second, "ticket-1", 2, "note:second");
    publishSequenced(third, "ticket-1", 3, "note:third");
    // Both outlast the delivery limit (3) without their predecessor: held, nothing applied.
    await().atMost(PATIENCE).until(() -> runner.state().parked() == 2);
    assertThat(runner.deadLetters().list())
        .extracting(DeadLetter::eventId, DeadLetter::reason)
        .containsExactlyInAnyOrder(
            tuple(Optional.of(second), ParkReason.PREDECESSOR_MISSING),
            tuple(Optional.of(third), ParkReason.PREDECESSOR_MISSING));
    assertThat(notes()).isEmpty();
    assertThat(heldFlag("ticket-1")).as("the progress row says events are held").isTrue();

    UUID first = UUID.randomUUID();
    publishSequenced(first, "ticket-1", 1, "note:first");

    await().atMost(PATIENCE).until(() -> runner.state().released() == 2);
    assertThat(handled).containsExactly(first, second, third);
    assertThat(notes())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(first, "first", second, "second", third, "third"));
    assertThat(runner.deadLetters().list()).as("nothing left parked").isEmpty();
    assertThat(runner.state().applied()).isEqualTo(1);
    assertThat(heldFlag("ticket-1")).as("nothing held any more").isFalse();

    // The held events count as applied: a late copy is skipped, the next event applied.
    publishSequenced(third, "ticket-1", 3, "note:third", "copy-of-third");
    UUID fourth = UUID.randomUUID();
    publishSequenced(fourth, "ticket-1", 4, "note:fourth");
    await()
        .atMost(PATIENCE)
        .until(() -> runner.state().duplicates() == 1 && runner.state().applied() == 2);
    assertThat(handled).containsExactly(first, second, third, fourth);
  }

  @Test
  void an_event_delivered_again_after_a_crash_waits_briefly_for_its_predecessor() throws Exception {
    // Short pauses, then a long one: counted by deliveries, the fifth delivery's first wait would
    // be the long one.
    ConsumerSpec spec =
        spec()
            .withRetries(
                10,
                List.of(
                    Duration.ofMillis(500),
                    Duration.ofMillis(500),
                    Duration.ofMillis(500),
                    Duration.ofSeconds(60)));
    startRunner(spec);
    runner.stop();
    UUID second = UUID.randomUUID();
    publishSequenced(second, "ticket-1", 2, "note:second");
    // Four deliveries that ended without an acknowledgement, as to replicas that crashed or
    // handed their messages back in a database outage.
    var durableContext =
        infra.nats.connection().getStreamContext(STREAM).getConsumerContext(durable);
    for (int delivery = 1; delivery <= 4; delivery++) {
      Message message = durableContext.next(Duration.ofSeconds(5));
      assertThat(message).as("delivery %d", delivery).isNotNull();
      assertThat(message.metaData().deliveredCount()).isEqualTo(delivery);
      message.nakWithDelay(Duration.ofMillis(10));
    }
    startRunner(spec);
    // Its fifth delivery finds its predecessor missing: the first wait is 200 ms, not the
    // backoff's 60 s.
    await().atMost(PATIENCE).until(() -> runner.waitedForPredecessor() > 0);
    UUID first = UUID.randomUUID();
    publishSequenced(first, "ticket-1", 1, "note:first");
    await().atMost(PATIENCE).until(() -> handled.size() == 2);
    assertThat(handled).containsExactly(first, second);
    assertThat(runner.state().parked()).isZero();
  }

  @Test
  void a_stopping_runner_applies_what_it_pulled_before_it_stops() throws Exception {
    // An ack wait of 10 s: what a stopped runner left unanswered would come back only after it.
    ConsumerSpec spec =
        spec().withRetries(3, List.of(Duration.ofSeconds(10), Duration.ofSeconds(10)));
    holdFirstAttempt = new CountDownLatch(1);
    startRunner(spec);
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    UUID third = UUID.randomUUID();
    publish(first, "ticket-1", 1, "note:first", null);
    publish(second, "ticket-2", 1, "note:second", null);
    publish(third, "ticket-3", 1, "note:third", null);
    // The handler holds the first while the runner has pulled all three (one batch).
    await().atMost(PATIENCE).until(() -> attempts.containsKey(first));
    await()
        .atMost(PATIENCE)
        .until(
            () -> infra.nats.management().getConsumerInfo(STREAM, durable).getNumAckPending() == 3);
    Thread stopping = Thread.ofVirtual().start(runner::stop);
    await().atMost(PATIENCE).until(() -> !runner.state().running());
    holdFirstAttempt.countDown();
    stopping.join();

    assertThat(handled).containsExactly(first, second, third);
    assertThat(infra.nats.management().getConsumerInfo(STREAM, durable).getNumAckPending())
        .as("nothing left to its ack wait")
        .isZero();
  }

  @Test
  void an_event_whose_deliveries_crashes_and_outages_ended_is_never_given_up_unparked()
      throws Exception {
    startRunner(spec());
    runner.stop();
    UUID event = UUID.randomUUID();
    publish(event, "ticket-1", 1, "note:handed back many times", null);
    handBackUnanswered(12);

    startRunner(spec());
    await().atMost(PATIENCE).until(() -> runner.state().applied() == 1);
    assertThat(notes()).containsExactly(Map.entry(event, "handed back many times"));
  }

  @Test
  void deliveries_that_tried_nothing_do_not_count_toward_parking_a_failing_event()
      throws Exception {
    startRunner(spec());
    runner.stop();
    UUID event = UUID.randomUUID();
    publish(event, "ticket-1", 1, "note:failed once after an outage", null);
    handBackUnanswered(12);
    AtomicInteger failures = new AtomicInteger();
    broken = e -> e.eventId().equals(event) && failures.getAndIncrement() == 0;

    startRunner(spec());

    await().atMost(PATIENCE).until(() -> runner.state().applied() == 1);
    assertThat(notes()).containsExactly(Map.entry(event, "failed once after an outage"));
    assertThat(runner.state().retried()).as("its one failure was retried").isOne();
    assertThat(runner.state().parked()).isZero();
    assertThat(runner.deadLetters().list()).isEmpty();
  }

  @Test
  void an_event_delivered_many_times_before_waits_for_its_predecessor_instead_of_being_held()
      throws Exception {
    startRunner(spec());
    runner.stop();
    UUID second = UUID.randomUUID();
    publishSequenced(second, "ticket-1", 2, "note:second");
    handBackUnanswered(12);

    startRunner(spec());
    await().atMost(PATIENCE).until(() -> runner.waitedForPredecessor() > 0);
    UUID first = UUID.randomUUID();
    publishSequenced(first, "ticket-1", 1, "note:first");

    await().atMost(PATIENCE).until(() -> handled.size() == 2);
    assertThat(handled).containsExactly(first, second);
    assertThat(runner.state().parked()).as("waited, not parked as held").isZero();
    assertThat(runner.state().released()).isZero();
  }

  /**
   * Takes the durable's next message {@code deliveries} times and hands it back each time without
   * an answer, as processes that died or handed it back while the database was away did: far more
   * deliveries than the runner's limit (3), none of them an attempt.
   */
  private void handBackUnanswered(int deliveries) throws Exception {
    var durableContext =
        infra.nats.connection().getStreamContext(STREAM).getConsumerContext(durable);
    for (int delivery = 1; delivery <= deliveries; delivery++) {
      Message message = durableContext.next(Duration.ofSeconds(5));
      assertThat(message).as("delivery %d", delivery).isNotNull();
      message.nakWithDelay(Duration.ofMillis(10));
    }
  }

  @Test
  void a_durable_an_earlier_release_gave_a_jetstream_backoff_is_updated_to_a_plain_ack_wait()
      throws Exception {
    // With a BackOff, nats-server counts a delayed nak from the backoff's entry for the delivery:
    // a message handed back for 200 ms on its fourth delivery came back after a minute.
    infra
        .nats
        .management()
        .addOrUpdateConsumer(
            STREAM,
            ConsumerConfiguration.builder()
                .durable(durable)
                .filterSubject("support.ticket.>")
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(Duration.ofMillis(300))
                .backoff(Duration.ofMillis(300), Duration.ofSeconds(60))
                .maxDeliver(8)
                .build());

    startRunner(spec());

    ConsumerConfiguration updated =
        infra.nats.management().getConsumerInfo(STREAM, durable).getConsumerConfiguration();
    assertThat(updated.getBackoff()).isEmpty();
    assertThat(updated.getMaxDeliver()).as("no delivery limit").isEqualTo(-1);
    assertThat(updated.getAckWait()).isEqualTo(Duration.ofMillis(300));
    UUID second = UUID.randomUUID();
    publishSequenced(second, "ticket-1", 2, "note:second");
    await().atMost(PATIENCE).until(() -> runner.waitedForPredecessor() > 0);
    UUID first = UUID.randomUUID();
    publishSequenced(first, "ticket-1", 1, "note:first");
    await().atMost(PATIENCE).until(() -> handled.size() == 2);
    assertThat(handled).containsExactly(first, second);
  }

  @Test
  void a_held_event_that_fails_when_released_stays_parked_without_undoing_its_predecessor()
      throws Exception {
    startRunner(spec());
    UUID second = UUID.randomUUID();
    UUID third = UUID.randomUUID();
    broken = event -> event.eventId().equals(second);
    publishSequenced(second, "ticket-1", 2, "note:second");
    publishSequenced(third, "ticket-1", 3, "note:third");
    await().atMost(PATIENCE).until(() -> runner.state().parked() == 2);

    UUID first = UUID.randomUUID();
    publishSequenced(first, "ticket-1", 1, "note:first");

    await().atMost(PATIENCE).until(() -> runner.state().applied() == 1);
    assertThat(notes()).containsOnlyKeys(first);
    assertThat(runner.state().released()).isZero();
    DeadLetters deadLetters = runner.deadLetters();
    assertThat(deadLetters.list())
        .extracting(DeadLetter::eventId, DeadLetter::reason)
        .containsExactlyInAnyOrder(
            tuple(Optional.of(second), ParkReason.HANDLER_FAILED),
            tuple(Optional.of(third), ParkReason.PREDECESSOR_MISSING));
    assertThat(heldFlag("ticket-1")).as("the third is still held").isTrue();

    // Once fixed, an operator's retry of the failed one applies it and the one held behind it.
    broken = event -> false;
    long failed =
        deadLetters.list().stream()
            .filter(letter -> letter.reason() == ParkReason.HANDLER_FAILED)
            .findFirst()
            .orElseThrow()
            .id();
    assertThat(deadLetters.retry(failed)).isEqualTo(new RetryOutcome.Applied(failed));
    assertThat(handled).containsExactly(first, second, third);
    assertThat(deadLetters.list()).isEmpty();
    assertThat(heldFlag("ticket-1")).as("nothing held any more").isFalse();
  }

  @Test
  void an_event_the_handler_rejects_is_parked_without_retries() throws Exception {
    startRunner(spec());
    UUID invalid = UUID.randomUUID();
    publish(invalid, "ticket-1", 1, "note:", null);

    await().atMost(PATIENCE).until(() -> runner.state().parked() == 1);
    assertThat(attempts.get(invalid)).hasValue(1);
    assertThat(runner.deadLetters().list())
        .singleElement()
        .satisfies(letter -> assertThat(letter.reason()).isEqualTo(ParkReason.REJECTED));
  }

  @Test
  void an_event_overtaken_by_a_newer_version_of_its_aggregate_is_parked_not_applied()
      throws Exception {
    startRunner(spec());
    UUID newer = UUID.randomUUID();
    publish(newer, "ticket-1", 2, "note:v2", null);
    UUID sameChange = UUID.randomUUID();
    publish(sameChange, "ticket-1", 2, "note:v2 too", null);
    UUID older = UUID.randomUUID();
    publish(older, "ticket-1", 1, "note:v1", null);

    await()
        .atMost(PATIENCE)
        .until(() -> runner.state().applied() == 2 && runner.state().parked() == 1);
    assertThat(notes()).containsOnlyKeys(newer, sameChange);
    assertThat(runner.deadLetters().list())
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.reason()).isEqualTo(ParkReason.OUT_OF_ORDER);
              assertThat(letter.eventId()).contains(older);
            });
  }

  @Test
  void a_consumer_that_accepts_facts_in_any_order_applies_an_overtaken_event() throws Exception {
    startRunner(spec().withOutOfOrder(OutOfOrderPolicy.APPLY));
    UUID newer = UUID.randomUUID();
    publish(newer, "ticket-1", 2, "note:v2", null);
    UUID older = UUID.randomUUID();
    publish(older, "ticket-1", 1, "note:v1", null);

    await().atMost(PATIENCE).until(() -> runner.state().applied() == 2);
    assertThat(notes()).containsOnlyKeys(newer, older);
    Field<Long> lastVersion = field(name("last_version"), SQLDataType.BIGINT);
    assertThat(
            infra
                .database
                .dsl()
                .select(lastVersion)
                .from(table(name("inbox_aggregate")))
                .fetchSingle(lastVersion))
        .isEqualTo(2L);
  }

  @Test
  void an_event_whose_type_belongs_on_another_subject_is_parked_not_applied() throws Exception {
    startRunner(spec());
    UUID onWrongSubject = UUID.randomUUID();
    publishRaw(
        "support.ticket.resolved",
        ceHeaders(onWrongSubject, "ticket-1", 1),
        "note:a comment posing as a resolution",
        null);
    UUID wrongType = UUID.randomUUID();
    Map<String, String> resolvedOnComments = ceHeaders(wrongType, "ticket-2", 1);
    resolvedOnComments.put("ce-type", RESOLVED);
    publishRaw(resolvedOnComments, "note:a resolution posing as a comment", null);
    UUID later = UUID.randomUUID();
    publish(later, "ticket-3", 1, "note:still flowing", null);

    await()
        .atMost(PATIENCE)
        .until(() -> runner.state().applied() == 1 && runner.state().parked() == 2);
    assertThat(notes()).containsOnlyKeys(later);
    assertThat(attempts).doesNotContainKeys(onWrongSubject, wrongType);
    assertThat(runner.deadLetters().list())
        .extracting(DeadLetter::reason, DeadLetter::error)
        .containsExactly(
            tuple(
                ParkReason.REJECTED,
                "ce-type "
                    + COMMENTED
                    + " is published on support.ticket.commented, not on "
                    + "support.ticket.resolved"),
            tuple(
                ParkReason.REJECTED,
                "ce-type "
                    + RESOLVED
                    + " is published on support.ticket.resolved, not on "
                    + "support.ticket.commented"));
  }

  @Test
  void a_message_delivered_again_while_its_parking_waited_is_parked_once() throws Exception {
    startRunner(spec());
    UUID posing = UUID.randomUUID();
    // The parking waits for the dead-letter table, longer than the consumer's ack wait (300 ms):
    // JetStream delivers the message again meanwhile, as it does when a loaded database is slow.
    try (Connection blocker = infra.database.dataSource().getConnection()) {
      blocker.setAutoCommit(false);
      try (Statement lock = blocker.createStatement()) {
        lock.execute("lock table dead_letter in exclusive mode");
      }
      publishRaw("support.ticket.resolved", ceHeaders(posing, "ticket-1", 1), "note:posing", null);
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  infra
                          .nats
                          .connection()
                          .getStreamContext(STREAM)
                          .getConsumerContext(durable)
                          .getConsumerInfo()
                          .getRedelivered()
                      > 0);
      blocker.commit();
    }
    // Every delivery adds its count to the row's attempts: more than the first's means a later
    // delivery reached the row too.
    await()
        .atMost(PATIENCE)
        .until(() -> runner.deadLetters().list().stream().anyMatch(l -> l.attempts() > 1));
    runner.stop();

    assertThat(runner.deadLetters().list())
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.eventId()).contains(posing);
              assertThat(letter.reason()).isEqualTo(ParkReason.REJECTED);
            });
    assertThat(runner.state().parked()).isOne();
  }

  @Test
  void a_delivery_after_the_retention_deleted_its_dead_letter_is_not_parked_again()
      throws Exception {
    // Every dead letter is written as if it had failed two hours ago, so that the purge after
    // each parking (a burst, with at most 100 per consumer) deletes it at once under a 1 h maximum
    // age: the retention deletes the first parking's row before the second delivery reaches it, as
    // a flood's newer dead letters push out an older one.
    startRunner(spec().withDeadLetterRetention(new DeadLetterRetention(Duration.ofHours(1), 100)));
    var dsl = infra.database.dsl();
    dsl.execute(
        "create function age_dead_letter() returns trigger language plpgsql as $$ begin"
            + " new.last_failure_time := clock_timestamp() - interval '2 hours'; return new; end $$");
    dsl.execute(
        "create trigger age_dead_letter before insert on dead_letter for each row"
            + " execute function age_dead_letter()");
    try {
      UUID posing = UUID.randomUUID();
      try (Connection blocker = infra.database.dataSource().getConnection()) {
        blocker.setAutoCommit(false);
        try (Statement lock = blocker.createStatement()) {
          lock.execute("lock table dead_letter in exclusive mode");
        }
        publishRaw(
            "support.ticket.resolved", ceHeaders(posing, "ticket-1", 1), "note:posing", null);
        await()
            .atMost(PATIENCE)
            .until(
                () ->
                    infra.nats.management().getConsumerInfo(STREAM, durable).getRedelivered() > 0);
        blocker.commit();
      }
      await()
          .atMost(PATIENCE)
          .until(
              () -> {
                var info = infra.nats.management().getConsumerInfo(STREAM, durable);
                return info.getNumAckPending() == 0 && info.getNumPending() == 0;
              });
      runner.stop();

      assertThat(runner.state().parked()).isOne();
      assertThat(deadLetterCount()).isZero();
    } finally {
      dsl.execute("drop trigger age_dead_letter on dead_letter");
      dsl.execute("drop function age_dead_letter()");
    }
  }

  @Test
  void an_unknown_type_on_a_known_subject_is_parked_and_on_an_unknown_subject_skipped()
      throws Exception {
    startRunner(unhurriedSpec());
    UUID impostor = UUID.randomUUID();
    Map<String, String> unknownOnKnown = ceHeaders(impostor, "ticket-1", 1);
    unknownOnKnown.put("ce-type", "fieldops.support.v1.TicketCommentRemoved");
    publishRaw(unknownOnKnown, "note:removed", null);
    Map<String, String> newerEvent = ceHeaders(UUID.randomUUID(), "ticket-2", 1);
    newerEvent.put("ce-type", "fieldops.support.v1.TicketMerged");
    publishRaw("support.ticket.merged", newerEvent, "note:merged", null);

    await()
        .atMost(PATIENCE)
        .until(() -> runner.state().parked() == 1 && runner.state().ignored() == 1);
    assertThat(notes()).isEmpty();
    assertThat(runner.deadLetters().list())
        .singleElement()
        .satisfies(
            letter ->
                assertThat(letter.error())
                    .isEqualTo(
                        "subject support.ticket.commented carries "
                            + COMMENTED
                            + ", not ce-type fieldops.support.v1.TicketCommentRemoved"));
  }

  @Test
  void an_operator_retry_of_a_mismatched_event_fails_again() throws Exception {
    startRunner(spec());
    publishRaw(
        "support.ticket.resolved",
        ceHeaders(UUID.randomUUID(), "ticket-1", 1),
        "note:posing",
        null);
    await().atMost(PATIENCE).until(() -> runner.state().parked() == 1);
    long id = runner.deadLetters().list().getFirst().id();

    assertThat(runner.deadLetters().retry(id)).isInstanceOf(RetryOutcome.Failed.class);
    assertThat(notes()).isEmpty();
  }

  @Test
  void a_flood_of_poison_events_keeps_only_the_newest_dead_letters() throws Exception {
    // Acks waited for long enough that no poison event is redelivered (and parked again) while
    // the batch before it is parked.
    startRunner(
        spec()
            .withRetries(3, List.of(Duration.ofSeconds(30), Duration.ofSeconds(30)))
            .withDeadLetterRetention(new DeadLetterRetention(Duration.ofDays(30), 100)));
    for (int i = 0; i < 250; i++) {
      publish(UUID.randomUUID(), "ticket-" + i, 1, "garbage " + i, null);
    }
    UUID newest = UUID.randomUUID();
    publish(newest, "ticket-last", 1, "garbage last", null);

    await().atMost(FLOOD_PATIENCE).until(() -> runner.state().parked() == 251);
    await().atMost(FLOOD_PATIENCE).until(() -> deadLetterCount() == 100);
    assertThat(runner.deadLetters().list(durable, 1000))
        .hasSize(100)
        .last()
        .satisfies(letter -> assertThat(letter.eventId()).contains(newest));
  }

  @Test
  void a_flood_of_poison_events_does_not_push_out_a_held_event() throws Exception {
    // A delivery's ack wait (2 s) longer than parking a pull of 10 takes on a loaded machine, so
    // that the flood is mostly parked without being delivered again while it waits (a delivery
    // that comes again anyway is not counted, even after the retention deleted its dead letter);
    // the held event's deliveries are handed back with their own short delays.
    startRunner(
        spec()
            .withRetries(3, List.of(Duration.ofSeconds(2), Duration.ofMillis(300)))
            .withBatchSize(10)
            .withDeadLetterRetention(new DeadLetterRetention(Duration.ofDays(30), 100)));
    UUID second = UUID.randomUUID();
    publishSequenced(second, "ticket-held", 2, "note:second");
    await().atMost(PATIENCE).until(() -> runner.state().parked() == 1); // held: no predecessor

    for (int i = 0; i < 250; i++) {
      publish(UUID.randomUUID(), "ticket-" + i, 1, "garbage " + i, null);
    }
    await().atMost(FLOOD_PATIENCE).until(() -> runner.state().parked() == 251);
    await().atMost(FLOOD_PATIENCE).until(() -> deadLetterCount() == 100);
    assertThat(runner.deadLetters().list(durable, 1000))
        .filteredOn(letter -> letter.reason() == ParkReason.PREDECESSOR_MISSING)
        .extracting(DeadLetter::eventId)
        .containsExactly(Optional.of(second));

    // Its predecessor arrives: both are applied, in order.
    UUID first = UUID.randomUUID();
    publishSequenced(first, "ticket-held", 1, "note:first");
    await().atMost(PATIENCE).until(() -> runner.state().released() == 1);
    assertThat(handled).containsExactly(first, second);
  }

  @Test
  void dead_letters_older_than_the_retention_are_deleted() throws Exception {
    // No redelivery: one that met a slow parking would refresh the old row's last failure after
    // the test aged it (seen on a loaded machine).
    startRunner(
        unhurriedSpec().withDeadLetterRetention(new DeadLetterRetention(Duration.ofHours(1), 100)));
    UUID old = UUID.randomUUID();
    publish(old, "ticket-1", 1, "garbage old", null);
    await().atMost(PATIENCE).until(() -> runner.state().parked() == 1);
    infra
        .database
        .dsl()
        .execute(
            "update dead_letter set last_failure_time = clock_timestamp()"
                + " - interval '2 hours', first_failure_time = clock_timestamp() - interval '2 hours'");

    UUID recent = UUID.randomUUID();
    publish(recent, "ticket-2", 1, "garbage recent", null);

    await().atMost(PATIENCE).until(() -> deadLetterCount() == 1);
    assertThat(runner.deadLetters().list())
        .singleElement()
        .satisfies(letter -> assertThat(letter.eventId()).contains(recent));
  }

  private static int deadLetterCount() {
    return infra.database.dsl().fetchCount(table(name("dead_letter")));
  }

  @Test
  void a_consumer_whose_stream_the_broker_lost_resumes_by_itself_once_the_stream_is_back()
      throws Exception {
    startRunner(spec());
    UUID before = UUID.randomUUID();
    publish(before, "ticket-1", 1, "note:before the loss", null);
    await()
        .atMost(PATIENCE)
        .until(() -> runner.state().applied() == 1 && runner.state().problem().isEmpty());

    infra.testNats.kill();
    infra.testNats.deleteStore();
    infra.testNats.startServer();

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                runner
                    .state()
                    .problem()
                    .filter(problem -> problem.contains("stream " + STREAM + " does not exist"))
                    .isPresent());
    // The other context re-creates its stream and publishes again what it held, then new events.
    new StreamProvisioner(infra.nats).provision(StreamSpec.of(STREAM, "support.>"));
    publish(before, "ticket-1", 1, "note:before the loss", null);
    UUID after = UUID.randomUUID();
    publish(after, "ticket-1", 2, "note:after the loss", null);

    await()
        .atMost(PATIENCE)
        .until(() -> runner.state().applied() == 2 && runner.state().duplicates() == 1);
    await().atMost(PATIENCE).until(() -> runner.state().problem().isEmpty());
    assertThat(notes()).containsOnlyKeys(before, after);
    assertThat(infra.nats.management().getConsumerNames(STREAM)).contains(durable);
  }

  @Test
  void a_consumer_whose_durable_was_deleted_re_creates_it_and_resumes() throws Exception {
    startRunner(spec());
    UUID first = UUID.randomUUID();
    publish(first, "ticket-1", 1, "note:first", null);
    await().atMost(PATIENCE).until(() -> runner.state().applied() == 1);

    infra.nats.management().deleteConsumer(STREAM, durable);
    UUID second = UUID.randomUUID();
    publish(second, "ticket-1", 2, "note:second", null);

    await().atMost(PATIENCE).until(() -> runner.state().applied() == 2);
    assertThat(notes()).containsOnlyKeys(first, second);
    assertThat(attempts.get(first)).as("replayed from the start, skipped by the inbox").hasValue(1);
  }

  @Test
  void a_json_event_is_decoded_by_the_json_parser() throws Exception {
    startRunner(spec());
    UUID event = UUID.randomUUID();
    Map<String, String> headers = ceHeaders(event, "ticket-1", 1);
    headers.put("content-type", "application/json; charset=utf-8");
    publishRaw(headers, "{\"note\": \"sent as JSON\"}", null);

    await().atMost(PATIENCE).until(() -> runner.state().applied() == 1);
    assertThat(notes()).containsEntry(event, "sent as JSON");
  }

  private static final String COMMENTED = "fieldops.support.v1.TicketCommentAdded";
  private static final String RESOLVED = "fieldops.support.v1.TicketResolved";
  private static final EventSubjects TICKET_EVENTS =
      EventSubjects.of(
          Map.of(
              COMMENTED, "support.ticket.commented",
              RESOLVED, "support.ticket.resolved"));

  private ConsumerSpec spec() {
    return ConsumerSpec.of(STREAM, durable, "support.ticket.>", TICKET_EVENTS)
        .withRetries(3, List.of(Duration.ofMillis(300), Duration.ofMillis(300)));
  }

  /**
   * {@link #spec()} with an ack wait no test outlasts. The 300 ms of {@link #spec()} keep the retry
   * tests short; on a loaded machine they also redeliver a message while its first delivery is
   * still being handled, which tests that count outcomes or age rows must not meet.
   */
  private ConsumerSpec unhurriedSpec() {
    return spec().withRetries(3, List.of(Duration.ofSeconds(60), Duration.ofSeconds(60)));
  }

  private void startRunner(ConsumerSpec spec) throws Exception {
    runner = ConsumerRunner.start(infra.database, infra.nats, spec, decoder(), handler());
  }

  private static EventDecoder<String> decoder() {
    return EventDecoder.protobuf(
        bytes -> note(new String(bytes, StandardCharsets.UTF_8)),
        json -> {
          Matcher m = JSON_NOTE.matcher(json);
          if (!m.matches()) {
            throw new IllegalArgumentException("not a ticket note in JSON");
          }
          return m.group(1);
        });
  }

  private EventHandler<String> handler() {
    return event -> {
      attempts.computeIfAbsent(event.eventId(), k -> new AtomicInteger()).incrementAndGet();
      CountDownLatch hold = holdFirstAttempt;
      if (hold != null && event.deliveryAttempt() == 1) {
        assertThat(hold.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      }
      if (event.event().isEmpty()) {
        throw new RejectedEventException("a ticket note must not be empty");
      }
      if (broken.test(event)) {
        throw new IllegalStateException("handler bug");
      }
      // The handler joins the runner's transaction, as a repository does.
      DSLContext tx = infra.database.transactor().current().orElseThrow();
      tx.insertInto(table(name("ticket_note")))
          .columns(EVENT_ID, field(name("ticket_id"), SQLDataType.CLOB), VERSION, NOTE)
          .values(event.eventId(), event.aggregateId(), event.aggregateVersion(), event.event())
          .execute();
      handled.add(event.eventId());
    };
  }

  private static String note(String body) {
    if (!body.startsWith("note:")) {
      throw new IllegalArgumentException("not a ticket note");
    }
    return body.substring("note:".length());
  }

  /** The {@code held} flag of the consumer's progress row of ticket {@code ticketId}. */
  private static boolean heldFlag(String ticketId) {
    return infra
        .database
        .dsl()
        .fetchSingle(
            "select held from inbox_sequence where aggregate_type = 'ticket' and aggregate_id = ?",
            ticketId)
        .get(0, Boolean.class);
  }

  private static Map<UUID, String> notes() {
    return infra
        .database
        .dsl()
        .select(EVENT_ID, NOTE)
        .from(table(name("ticket_note")))
        .fetchMap(EVENT_ID, NOTE);
  }

  private static Map<String, String> ceHeaders(UUID eventId, String ticketId, long version) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ce-specversion", "1.0");
    headers.put("ce-id", eventId.toString());
    headers.put("ce-source", "/fieldops/support");
    headers.put("ce-type", "fieldops.support.v1.TicketCommentAdded");
    headers.put("ce-time", Instant.now().toString());
    headers.put("ce-subject", ticketId);
    headers.put("content-type", "application/protobuf");
    headers.put("fieldops-aggregate-version", Long.toString(version));
    return headers;
  }

  private static void publish(
      UUID eventId, String ticketId, long version, String body, String msgId) throws Exception {
    publishRaw(
        ceHeaders(eventId, ticketId, version), body, msgId == null ? eventId.toString() : msgId);
  }

  /** An event carrying its place in the aggregate: applied in publish order. */
  private static void publishSequenced(UUID eventId, String ticketId, long sequence, String body)
      throws Exception {
    publishSequenced(eventId, ticketId, sequence, body, eventId.toString());
  }

  private static void publishSequenced(
      UUID eventId, String ticketId, long sequence, String body, String msgId) throws Exception {
    Map<String, String> headers = ceHeaders(eventId, ticketId, sequence);
    headers.put("fieldops-aggregate-type", "ticket");
    headers.put("fieldops-aggregate-sequence", Long.toString(sequence));
    publishRaw(headers, body, msgId);
  }

  private static void publishRaw(Map<String, String> ce, String body, String msgId)
      throws Exception {
    publishRaw("support.ticket.commented", ce, body, msgId);
  }

  private static void publishRaw(String subject, Map<String, String> ce, String body, String msgId)
      throws Exception {
    Headers headers = new Headers();
    ce.forEach(headers::put);
    var message =
        NatsMessage.builder()
            .subject(subject)
            .headers(headers)
            .data(body.getBytes(StandardCharsets.UTF_8))
            .build();
    try {
      infra
          .nats
          .jetStream()
          .publish(
              message,
              PublishOptions.builder()
                  .messageId(msgId == null ? UUID.randomUUID().toString() : msgId)
                  .build());
    } catch (JetStreamApiException e) {
      throw new AssertionError(e);
    }
  }
}
