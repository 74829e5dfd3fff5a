package dev.fieldops.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * With {@code OTEL_EXPORTER_OTLP_ENDPOINT} set, spans really leave the process: OTLP over HTTP
 * (protobuf) to {@code <endpoint>/v1/traces}, here a stand-in collector on a free port.
 */
class OtlpExportIT {

  @Test
  void spans_are_posted_to_the_collector_named_by_the_standard_variable() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getPath()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Content-Type")
                  + " "
                  + body.length);
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    try {
      String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort();
      try (var observability =
          Observability.start(
              MetricsConfig.off(), "echo", Map.of(TracingConfig.ENDPOINT, endpoint), List.of())) {
        observability.tracer("test").spanBuilder("exported").startSpan().end();
      } // closing flushes the batch
    } finally {
      collector.stop(0);
    }

    assertThat(received)
        .isNotEmpty()
        .allSatisfy(
            request -> assertThat(request).startsWith("POST /v1/traces application/x-protobuf"));
  }
}
