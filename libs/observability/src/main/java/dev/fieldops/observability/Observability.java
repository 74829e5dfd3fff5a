package dev.fieldops.observability;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannelBuilder;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.opentelemetry.GrpcOpenTelemetry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.java21.instrument.binder.jdk.VirtualThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of one service process, in one place so that every service gets the same ones without
 * code of its own.
 *
 * <p>Two instrumentation APIs write into one {@link PrometheusRegistry}: Micrometer (the platform's
 * meters — outbox relay, consumers, connection pool — and the JVM and process binders) and the
 * OpenTelemetry SDK, because grpc-java's standard metrics (gRFC A66: {@code
 * grpc.server.call.duration}, {@code grpc.client.attempt.duration}, ...) come from its {@code
 * grpc-opentelemetry} module. The SDK's {@link PrometheusMetricReader} is registered as a collector
 * in that registry, so one scrape of {@code /metrics} returns both. The same {@link
 * #openTelemetry()} instance carries the traces (see {@link TracingConfig}): its tracer provider is
 * configured the standard way, from the {@code OTEL_*} variables, and exports by OTLP only when an
 * endpoint is set. gRPC server and client spans come from our own interceptors ({@code
 * GrpcTracing}), added by {@link #configureServer} and {@link #configureChannel} next to the
 * metrics.
 *
 * <p>Names: Micrometer's dotted names become Prometheus names on exposition ({@code
 * fieldops.outbox.backlog} → {@code fieldops_outbox_backlog}, timers in seconds with {@code
 * _seconds}); OpenTelemetry's become {@code grpc_server_call_duration_seconds} and so on.
 *
 * <p>Closing stops the HTTP endpoint, the virtual-thread event stream and the SDK.
 */
public final class Observability implements AutoCloseable {

  /**
   * Boundaries (seconds) of the gRPC latency histograms: gRFC A66 advises 41 buckets from 0 to 100
   * s; these are the ones latency objectives are written against, so an SLO query such as "share of
   * calls under 250 ms" reads one bucket, with a dozen series per method and status instead of 41.
   */
  public static final List<Double> LATENCY_BUCKETS =
      List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

  /**
   * The gRFC A66 instruments that grpc-java records by default but FieldOps turns off: the
   * compressed message sizes per call (server) and per attempt (client). Each is one more histogram
   * record per call (an attribute set built, looked up and locked) for a figure no FieldOps
   * dashboard, alert or objective reads, and about twenty series per method and status on every
   * scrape; the calls' counts and latencies stay.
   */
  static final List<String> GRPC_SIZE_INSTRUMENTS =
      List.of(
          "grpc.server.call.sent_total_compressed_message_size",
          "grpc.server.call.rcvd_total_compressed_message_size",
          "grpc.client.attempt.sent_total_compressed_message_size",
          "grpc.client.attempt.rcvd_total_compressed_message_size");

  /** The gRFC A66 instruments that are latency histograms (seconds). */
  static final List<String> GRPC_LATENCY_INSTRUMENTS =
      List.of(
          "grpc.server.call.duration", "grpc.client.attempt.duration", "grpc.client.call.duration");

  private static final Logger LOG = LoggerFactory.getLogger(Observability.class);

  private final PrometheusRegistry prometheus;
  private final PrometheusMeterRegistry meters;
  private final OpenTelemetrySdk openTelemetry;
  private final GrpcOpenTelemetry grpc;
  private final ServerInterceptor serverSpans;
  private final ClientInterceptor clientSpans;
  private final List<AutoCloseable> binders;
  private final HTTPServer server;

  private Observability(
      PrometheusRegistry prometheus,
      PrometheusMeterRegistry meters,
      OpenTelemetrySdk openTelemetry,
      GrpcOpenTelemetry grpc,
      GrpcTracing grpcTracing,
      List<AutoCloseable> binders,
      HTTPServer server) {
    this.prometheus = prometheus;
    this.meters = meters;
    this.openTelemetry = openTelemetry;
    this.grpc = grpc;
    this.serverSpans = grpcTracing.serverInterceptor();
    this.clientSpans = grpcTracing.clientInterceptor();
    this.binders = binders;
    this.server = server;
  }

  /**
   * Builds the registries and binds the JVM and process meters, every meter tagged {@code
   * service=<serviceName>}; opens the endpoint when {@code config} says so.
   *
   * @throws IOException when the endpoint cannot bind its address and port
   */
  public static Observability start(MetricsConfig config, String serviceName) throws IOException {
    return start(config, serviceName, Map.of(), List.of());
  }

  /**
   * Like {@link #start(MetricsConfig, String)}, with traces configured from the {@code OTEL_*}
   * variables of {@code env} (and of the process, see {@link TracingConfig}), each span also handed
   * to {@code spanProcessors} (tests give an in-memory exporter's processor).
   *
   * @throws IOException when the endpoint cannot bind its address and port
   * @throws IllegalArgumentException when an {@code OTEL_*} variable is invalid
   */
  public static Observability start(
      MetricsConfig config,
      String serviceName,
      Map<String, String> env,
      List<? extends SpanProcessor> spanProcessors)
      throws IOException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(env, "env");
    List<SpanProcessor> processors = List.copyOf(spanProcessors);
    var prometheus = new PrometheusRegistry();
    var meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, prometheus, Clock.SYSTEM);
    meters.config().commonTags(List.of(Tag.of("service", serviceName)));
    List<AutoCloseable> binders = new ArrayList<>();
    OpenTelemetrySdk sdk = null;
    try {
      for (MeterBinder binder :
          List.of(
              new JvmMemoryMetrics(),
              new JvmThreadMetrics(),
              new ClassLoaderMetrics(),
              new ProcessorMetrics(),
              new UptimeMetrics(),
              new FileDescriptorMetrics())) {
        binder.bindTo(meters);
      }
      var gc = new JvmGcMetrics();
      gc.bindTo(meters);
      binders.add(gc);
      if (config.virtualThreads()) {
        bindVirtualThreadMetrics(meters, binders);
      }

      var reader = PrometheusMetricReader.builder().build();
      prometheus.register(reader);
      sdk =
          TracingConfig.configure(
                  AutoConfiguredOpenTelemetrySdk.builder(), serviceName, env, processors)
              .addMeterProviderCustomizer(
                  (meterProvider, otel) -> withPrometheus(meterProvider, reader))
              .build()
              .getOpenTelemetrySdk();
      var grpc =
          GrpcOpenTelemetry.newBuilder().sdk(sdk).disableMetrics(GRPC_SIZE_INSTRUMENTS).build();
      var grpcTracing = new GrpcTracing(sdk);
      HTTPServer server = null;
      if (config.serve()) {
        server = serve(config, prometheus);
        LOG.info("metrics: http://{}:{}/metrics", config.address(), server.getPort());
      }
      return new Observability(
          prometheus, meters, sdk, grpc, grpcTracing, List.copyOf(binders), server);
    } catch (IOException | RuntimeException | Error e) {
      closeQuietly(binders);
      if (sdk != null) {
        sdk.close();
      }
      meters.close();
      throw e;
    }
  }

  /** The SDK's metrics go to the Prometheus registry, gRPC's latencies in the SLO buckets. */
  private static SdkMeterProviderBuilder withPrometheus(
      SdkMeterProviderBuilder meterProvider, PrometheusMetricReader reader) {
    meterProvider.registerMetricReader(reader);
    for (String instrument : GRPC_LATENCY_INSTRUMENTS) {
      meterProvider.registerView(
          InstrumentSelector.builder().setName(instrument).build(),
          View.builder()
              .setAggregation(Aggregation.explicitBucketHistogram(LATENCY_BUCKETS))
              .build());
    }
    return meterProvider;
  }

  private static HTTPServer serve(MetricsConfig config, PrometheusRegistry prometheus)
      throws IOException {
    try {
      return HTTPServer.builder()
          .hostname(config.address())
          .port(config.port())
          .registry(prometheus)
          .buildAndStart();
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "the metrics endpoint cannot listen on "
              + config.address()
              + ":"
              + config.port()
              + " ("
              + MetricsConfig.PORT_VARIABLE
              + ", "
              + MetricsConfig.ADDRESS_VARIABLE
              + "): "
              + e.getMessage(),
          e);
    }
  }

  /** Meters kept in memory only, no endpoint (tests, tools). */
  public static Observability inMemory(String serviceName) {
    try {
      return start(MetricsConfig.off(), serviceName);
    } catch (IOException e) {
      throw new IllegalStateException("no endpoint is opened", e);
    }
  }

  /**
   * Virtual threads (pinning, failed submits) come from JFR events; a runtime without JFR still
   * gets every other meter.
   */
  private static void bindVirtualThreadMetrics(MeterRegistry meters, List<AutoCloseable> binders) {
    try {
      var virtualThreads = new VirtualThreadMetrics();
      virtualThreads.bindTo(meters);
      binders.add(virtualThreads);
    } catch (RuntimeException | LinkageError e) {
      LOG.info("no virtual-thread metrics on this runtime: {}", e.toString());
    }
  }

  /** Where the platform's Micrometer meters go. */
  public MeterRegistry meterRegistry() {
    return meters;
  }

  /** The registry the endpoint serves: Micrometer's meters and the SDK's metrics together. */
  public PrometheusRegistry prometheusRegistry() {
    return prometheus;
  }

  /** The process's OpenTelemetry SDK: gRPC's metrics and every span. */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /** A tracer of the process's SDK for one instrumentation scope (a platform part). */
  public Tracer tracer(String scope) {
    return openTelemetry.getTracer(scope);
  }

  /**
   * Adds gRPC's standard server metrics (gRFC A66) and a server span per call (continuing the
   * client's W3C {@code traceparent}, current while the call's callbacks run) to a server about to
   * be built.
   */
  public void configureServer(ServerBuilder<?> builder) {
    grpc.configureServerBuilder(builder);
    builder.intercept(serverSpans);
  }

  /**
   * Adds gRPC's standard client metrics (gRFC A66) and a client span per call (its W3C {@code
   * traceparent} sent in the call's metadata) to a channel about to be built.
   */
  public void configureChannel(ManagedChannelBuilder<?> builder) {
    grpc.configureChannelBuilder(builder);
    builder.intercept(clientSpans);
  }

  /** The endpoint's bound port; empty when it is off. */
  public OptionalInt port() {
    return server == null ? OptionalInt.empty() : OptionalInt.of(server.getPort());
  }

  /** What a scrape of the endpoint would return now, in Prometheus text format. */
  public String scrape() {
    return meters.scrape();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    closeQuietly(binders);
    openTelemetry.close();
    meters.close();
  }

  private static void closeQuietly(List<AutoCloseable> resources) {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", resource, e);
      }
    }
  }
}
