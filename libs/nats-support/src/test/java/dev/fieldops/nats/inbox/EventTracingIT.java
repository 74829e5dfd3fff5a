package dev.fieldops.nats.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.jooq.Transactor;
import dev.fieldops.nats.EventTracing;
import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.StreamProvisioner;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.nats.outbox.Outbox;
import dev.fieldops.nats.outbox.OutboxEvent;
import dev.fieldops.nats.outbox.OutboxRelay;
import dev.fieldops.nats.outbox.OutboxWriter;
import dev.fieldops.nats.outbox.RelayConfig;
import dev.fieldops.test.TestDatabase;
import dev.fieldops.test.TestNats;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One trace through the outbox and NATS: the work that writes an event, its transaction, the
 * relay's publish span and the consumer's process span (and its inbox transaction) are one chain of
 * parent and child; the handler's log lines carry the event's fields and that trace.
 */
class EventTracingIT {

  private static final String STREAM = "SUPPORT";
  private static final String SUBJECT = "support.ticket.commented";
  private static final String COMMENTED = "fieldops.support.v1.TicketCommentAdded";

  private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private static final List<Map<String, String>> handlerLogs = new CopyOnWriteArrayList<>();
  private static TestDatabase testDatabase;
  private static TestNats testNats;
  private static OpenTelemetrySdk sdk;
  private static Database database;
  private static TrackedConnection nats;
  private static OutboxRelay relay;
  private static ConsumerRunner<String> runner;
  private static AppenderBase<ILoggingEvent> appender;

  @BeforeAll
  static void start() throws Exception {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();
    testDatabase = TestDatabase.create();
    testNats = TestNats.start();
    database =
        Database.start(
            DatabaseConfig.forUrl(
                testDatabase.jdbcUrl(), testDatabase.username(), testDatabase.password()),
            List.of(Outbox.MIGRATIONS, Inbox.MIGRATIONS),
            null,
            sdk);
    nats =
        NatsConnections.open(
            NatsConfig.forUrl(testNats.url(), "tracing-test"), EventTracing.of(sdk));
    assertThat(nats.awaitConnected(10, TimeUnit.SECONDS)).isTrue();
    new StreamProvisioner(nats).provision(StreamSpec.of(STREAM, "support.>"));

    // The handler's log lines, with the MDC as it was when they were written.
    appender =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            handlerLogs.add(Map.copyOf(event.getMDCPropertyMap()));
          }
        };
    appender.start();
    ((Logger) LoggerFactory.getLogger("dev.fieldops.test.handler")).addAppender(appender);

    relay =
        OutboxRelay.start(
            database,
            nats,
            RelayConfig.forStream(STREAM, "/fieldops/support")
                .withPollInterval(Duration.ofMillis(100)));
    var log = LoggerFactory.getLogger("dev.fieldops.test.handler");
    runner =
        ConsumerRunner.start(
            database,
            nats,
            ConsumerSpec.of(
                STREAM,
                "support-notes",
                "support.ticket.>",
                EventSubjects.of(Map.of(COMMENTED, SUBJECT))),
            EventDecoder.protobuf(bytes -> new String(bytes, StandardCharsets.UTF_8), json -> json),
            event -> log.info("applying {}", event.event()));
  }

  @AfterAll
  static void stop() {
    if (runner != null) {
      runner.close();
    }
    if (relay != null) {
      relay.close();
    }
    ((Logger) LoggerFactory.getLogger("dev.fieldops.test.handler")).detachAppender(appender);
    if (nats != null) {
      nats.close();
    }
    if (database != null) {
      database.close();
    }
    if (sdk != null) {
      sdk.close();
    }
    if (testNats != null) {
      testNats.close();
    }
    if (testDatabase != null) {
      testDatabase.close();
    }
  }

  @Test
  void the_consumer_continues_the_trace_of_the_work_that_wrote_the_event() {
    UUID eventId = UUID.randomUUID();
    Span command = sdk.getTracer("test").spanBuilder("AddTicketComment").startSpan();
    try (Scope scope = command.makeCurrent()) {
      database
          .transactor()
          .run(
              tx ->
                  new OutboxWriter()
                      .append(
                          tx,
                          OutboxEvent.protobuf(
                                  eventId,
                                  "ticket",
                                  "ticket-7",
                                  1,
                                  SUBJECT,
                                  COMMENTED,
                                  "first reply".getBytes(StandardCharsets.UTF_8),
                                  Instant.now())
                              .withTraceparent(EventTracing.currentTraceparent().orElseThrow())));
    } finally {
      command.end();
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> runner.state().applied() == 1);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> named("process " + SUBJECT) != null && inboxTransaction() != null);

    SpanData written = child(named("AddTicketComment"), Transactor.SPAN_NAME);
    SpanData publish = named("publish " + SUBJECT);
    SpanData process = named("process " + SUBJECT);
    assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(publish.getParentSpanId()).isEqualTo(written.getSpanId());
    assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId());
    assertThat(inboxTransaction().getParentSpanId()).isEqualTo(process.getSpanId());
    assertThat(List.of(written, publish, process, inboxTransaction()))
        .extracting(SpanData::getTraceId)
        .containsOnly(command.getSpanContext().getTraceId());

    assertThat(handlerLogs).hasSize(1);
    assertThat(handlerLogs.get(0))
        .containsEntry(EventMdc.TRACE_ID, process.getTraceId())
        .containsEntry(EventMdc.SPAN_ID, process.getSpanId())
        .containsEntry(EventMdc.EVENT_ID, eventId.toString())
        .containsEntry(EventMdc.EVENT_TYPE, COMMENTED)
        .containsEntry(EventMdc.SUBJECT, SUBJECT)
        .containsEntry(EventMdc.DURABLE, "support-notes")
        .containsEntry(EventMdc.AGGREGATE_ID, "ticket-7")
        .containsKey(EventMdc.STREAM_SEQUENCE);
    assertThat(Long.parseLong(handlerLogs.get(0).get(EventMdc.STREAM_SEQUENCE))).isPositive();
  }

  private static SpanData named(String name) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElse(null);
  }

  private static SpanData child(SpanData parent, String name) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name) && s.getParentSpanId().equals(parent.getSpanId()))
        .findFirst()
        .orElseThrow();
  }

  private static SpanData inboxTransaction() {
    SpanData process = named("process " + SUBJECT);
    return process == null
        ? null
        : spans.getFinishedSpanItems().stream()
            .filter(
                s ->
                    s.getName().equals(Transactor.SPAN_NAME)
                        && s.getParentSpanId().equals(process.getSpanId()))
            .findFirst()
            .orElse(null);
  }
}
