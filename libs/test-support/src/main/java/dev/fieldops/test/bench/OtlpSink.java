package dev.fieldops.test.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in OpenTelemetry collector for benchmarks: accepts every OTLP/HTTP POST to {@code
 * /v1/traces} on loopback, reads the body, counts it and answers 200 with an empty {@code
 * ExportTraceServiceResponse}. Sampled spans then cost what they cost in production (batched,
 * encoded, sent over HTTP) without a real collector's work being measured too.
 */
public final class OtlpSink implements AutoCloseable {

  private final HttpServer server;
  private final AtomicLong posts = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  private OtlpSink(HttpServer server) {
    this.server = server;
  }

  /** Listens on an ephemeral loopback port. */
  public static OtlpSink start() throws IOException {
    var sink = new OtlpSink(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    sink.server.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            sink.bytes.addAndGet(body.transferTo(OutputStream.nullOutputStream()));
          }
          sink.posts.incrementAndGet();
          exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    sink.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    sink.server.start();
    return sink;
  }

  /** The value for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Export requests received so far. */
  public long posts() {
    return posts.get();
  }

  /** Bytes of span data received so far. */
  public long bytes() {
    return bytes.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
