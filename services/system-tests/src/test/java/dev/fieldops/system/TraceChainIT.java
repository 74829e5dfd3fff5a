package dev.fieldops.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One trace across the three services, through gRPC, PostgreSQL, the outbox and NATS: the demo's
 * reading is recorded by telemetry, raises the alert in the same transaction, the relay publishes
 * the alert, support consumes it and opens the ticket, and describes the ticket's device by calling
 * telemetry. Every span is handed to the SDK's in-memory exporter (each service's SDK has its own
 * processor feeding the one exporter); the test follows the parent links.
 */
class TraceChainIT {

  private static final String TELEMETRY_API = "fieldops.telemetry.v1.TelemetryService/";
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private static RunningSystem system;

  @BeforeAll
  static void startTheSystem() throws Exception {
    system = RunningSystem.start(() -> List.of(SimpleSpanProcessor.create(spans)));
  }

  @AfterAll
  static void stopTheSystem() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void one_trace_runs_from_the_reading_to_the_device_details_of_the_ticket_it_opened() {
    var run = system.demo();
    assertThat(run.exit()).as("demo output:%n%s%n%s", run.output(), run.errors()).isZero();

    // The device lookup runs after the ticket's commit, off the consumer's thread: wait for it.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(trace(named("publish telemetry.alert.raised").getTraceId()))
                    .anySatisfy(
                        span -> assertThat(span.getName()).isEqualTo(TELEMETRY_API + "GetDevice")));

    SpanData alertPublished = named("publish telemetry.alert.raised");
    Map<String, SpanData> trace =
        trace(alertPublished.getTraceId()).stream()
            .collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));

    // The reading: telemetry's RecordReading call, whose transaction wrote the alert raised.
    SpanData reading =
        ancestor(trace, alertPublished, TELEMETRY_API + "RecordReading").orElseThrow();
    assertThat(reading.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(service(reading)).isEqualTo("telemetry");
    assertThat(service(alertPublished)).isEqualTo("telemetry");
    assertThat(alertPublished.getKind()).isEqualTo(SpanKind.PRODUCER);

    // Support consumes the alert, continuing the trace from the message's traceparent.
    SpanData alertConsumed = childNamed(trace, alertPublished, "process telemetry.alert.raised");
    assertThat(service(alertConsumed)).isEqualTo("customer-support");
    assertThat(alertConsumed.getKind()).isEqualTo(SpanKind.CONSUMER);

    // ... opens the ticket (its event is relayed in the same trace) ...
    SpanData ticketOpened = named(trace, "publish support.ticket.opened");
    assertThat(ancestor(trace, ticketOpened, alertConsumed.getName())).isPresent();
    assertThat(service(ticketOpened)).isEqualTo("customer-support");

    // ... and fetches the device's details from telemetry: a client span in support, the server
    // span in telemetry its child.
    SpanData lookup =
        trace.values().stream()
            .filter(s -> s.getKind() == SpanKind.CLIENT)
            .filter(s -> s.getName().equals(TELEMETRY_API + "GetDevice"))
            .findFirst()
            .orElseThrow();
    assertThat(service(lookup)).isEqualTo("customer-support");
    assertThat(ancestor(trace, lookup, alertConsumed.getName())).isPresent();
    SpanData served = childNamed(trace, lookup, TELEMETRY_API + "GetDevice");
    assertThat(served.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(service(served)).isEqualTo("telemetry");
  }

  private static String service(SpanData span) {
    return span.getResource().getAttribute(SERVICE_NAME);
  }

  private static SpanData named(String name) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name));
  }

  private static SpanData named(Map<String, SpanData> trace, String name) {
    return trace.values().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + names(trace)));
  }

  private static List<SpanData> trace(String traceId) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getTraceId().equals(traceId))
        .toList();
  }

  private static SpanData childNamed(Map<String, SpanData> trace, SpanData parent, String name) {
    return trace.values().stream()
        .filter(s -> s.getParentSpanId().equals(parent.getSpanId()) && s.getName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no span " + name + " under " + parent.getName() + " in " + names(trace)));
  }

  /** The nearest span named {@code name} up the parent links from {@code span}. */
  private static Optional<SpanData> ancestor(
      Map<String, SpanData> trace, SpanData span, String name) {
    SpanData at = trace.get(span.getParentSpanId());
    while (at != null) {
      if (at.getName().equals(name)) {
        return Optional.of(at);
      }
      at = trace.get(at.getParentSpanId());
    }
    return Optional.empty();
  }

  private static List<String> names(Map<String, SpanData> trace) {
    List<String> names = new ArrayList<>();
    trace.values().forEach(s -> names.add(service(s) + ":" + s.getName()));
    return names;
  }
}
