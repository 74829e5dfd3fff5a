package dev.fieldops.nats.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fieldops.nats.ConnectionState;
import dev.fieldops.nats.StreamProvisioner;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.nats.testing.Infrastructure;
import dev.fieldops.nats.testing.StreamContents;
import dev.fieldops.test.PrometheusText;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nats.client.JetStreamApiException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's meters under the names an operator queries, against a real PostgreSQL and a private
 * nats-server: the backlog rises while the broker is away and returns to 0 when it comes back.
 */
class RelayMetricsIT {

  private static final String STREAM = "SUPPORT";
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Map<String, String> OF_STREAM = Map.of("stream", STREAM);

  private static Infrastructure infra;
  private final OutboxWriter writer = new OutboxWriter();
  private final List<OutboxRelay> relays = new ArrayList<>();
  private PrometheusMeterRegistry registry;
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
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    config =
        RelayConfig.forStream(STREAM, "/fieldops/support")
            .withPollInterval(Duration.ofMillis(100))
            .withAckTimeout(Duration.ofSeconds(2));
  }

  @AfterEach
  void stopRelays() {
    relays.forEach(OutboxRelay::stop);
    relays.clear();
    registry.close();
  }

  @Test
  void the_backlog_rises_during_a_nats_outage_and_returns_to_zero_after_it() throws Exception {
    OutboxRelay relay = startMeasuredRelay();
    assertThat(gauge("fieldops_outbox_backlog")).isEqualTo(0.0);
    infra.testNats.stop();
    try {
      await().atMost(PATIENCE).until(() -> relay.state().nats() == ConnectionState.RECONNECTING);
      for (int i = 0; i < 30; i++) {
        commit(List.of(ticketEvent("ticket-" + i % 3, i / 3 + 1)));
      }
      await().atMost(PATIENCE).until(() -> gauge("fieldops_outbox_backlog") == 30.0);
      await().atMost(PATIENCE).until(() -> gauge("fieldops_outbox_oldest_age_seconds") > 0.0);
      assertThat(counter("fieldops_outbox_published_total")).isEqualTo(0.0);
    } finally {
      infra.testNats.restart();
    }

    await().atMost(PATIENCE).until(() -> gauge("fieldops_outbox_backlog") == 0.0);
    assertThat(gauge("fieldops_outbox_oldest_age_seconds")).isEqualTo(0.0);
    assertThat(counter("fieldops_outbox_published_total")).isEqualTo(30.0);
    assertThat(counter("fieldops_outbox_duplicates_total")).isEqualTo(0.0);
    PrometheusText metrics = scrape();
    assertThat(metrics.value("fieldops_outbox_publish_latency_seconds_count", OF_STREAM))
        .contains(30.0);
    // Every event waited out the outage: none within 5 ms, all within 5 minutes.
    assertThat(
            metrics.value("fieldops_outbox_publish_latency_seconds_bucket", Map.of("le", "0.005")))
        .contains(0.0);
    assertThat(
            metrics.value("fieldops_outbox_publish_latency_seconds_bucket", Map.of("le", "300.0")))
        .contains(30.0);
  }

  @Test
  void events_the_stream_already_had_count_as_duplicates() throws Exception {
    List<OutboxEvent> written = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      written.add(ticketEvent("ticket-" + i, 1));
    }
    commit(written);
    assertThat(OutboxRelay.create(infra.database, infra.nats, config).publishWithoutMarking())
        .isEqualTo(8);

    startMeasuredRelay();

    await().atMost(PATIENCE).until(() -> gauge("fieldops_outbox_backlog") == 0.0);
    await().atMost(PATIENCE).until(() -> counter("fieldops_outbox_published_total") == 8.0);
    assertThat(counter("fieldops_outbox_duplicates_total")).isEqualTo(8.0);
    assertThat(counter("fieldops_outbox_failures_total")).isEqualTo(0.0);
  }

  @Test
  void an_event_reconciliation_finds_missing_from_the_stream_counts_as_republished()
      throws Exception {
    recreateStream(StreamSpec.of(STREAM, "support.>").withDuplicateWindow(Duration.ofSeconds(1)));
    OutboxRelay first = OutboxRelay.start(infra.database, infra.nats, config);
    relays.add(first);
    List<OutboxEvent> written = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      written.add(ticketEvent("ticket-" + i, 1));
    }
    commit(written);
    await().atMost(PATIENCE).until(() -> first.state().backlog() == 0 && unpublishedRows() == 0);
    first.stop();
    infra.nats.management().deleteMessage(STREAM, streamSeqOf(written.get(1).eventId()));

    startMeasuredRelay();

    await()
        .atMost(PATIENCE)
        .until(() -> StreamContents.count(infra.nats.connection(), STREAM) == 4);
    await().atMost(PATIENCE).until(() -> counter("fieldops_outbox_republished_total") == 1.0);
  }

  private OutboxRelay startMeasuredRelay() {
    RelayMetrics metrics = RelayMetrics.forConfig(registry, config);
    OutboxRelay relay = OutboxRelay.start(infra.database, infra.nats, metrics.observing(config));
    metrics.bind(relay);
    relays.add(relay);
    return relay;
  }

  private PrometheusText scrape() {
    return PrometheusText.parse(registry.scrape());
  }

  private double gauge(String name) {
    return scrape().value(name, OF_STREAM).orElseThrow(() -> new AssertionError("no " + name));
  }

  private double counter(String name) {
    return gauge(name);
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
        (ticketId + "@" + version).getBytes(StandardCharsets.UTF_8),
        Instant.now());
  }

  private static int unpublishedRows() {
    return infra
        .database
        .dsl()
        .fetchCount(DSL.table("outbox_event"), DSL.field("published_time").isNull());
  }

  private static long streamSeqOf(UUID eventId) {
    return infra
        .database
        .dsl()
        .fetchSingle("select stream_seq from outbox_event where event_id = ?", eventId)
        .get(0, Long.class);
  }

  private static void recreateStream(StreamSpec spec) throws Exception {
    try {
      infra.nats.management().deleteStream(spec.name());
    } catch (JetStreamApiException notThere) {
      // first test
    }
    new StreamProvisioner(infra.nats).provision(spec);
  }
}
