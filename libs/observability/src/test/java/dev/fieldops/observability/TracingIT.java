package dev.fieldops.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.fieldops.grpc.Allow;
import dev.fieldops.grpc.GrpcServerConfig;
import dev.fieldops.grpc.GrpcServerRunner;
import dev.fieldops.grpc.MethodPolicy;
import dev.fieldops.grpc.auth.InvalidTokenException;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.ChannelzService;
import io.grpc.protobuf.services.HealthStatusManager;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The traces of one process: configured from the standard {@code OTEL_*} variables, a client and a
 * server span per gRPC call, linked by the W3C trace context in the call's metadata.
 */
class TracingIT {

  private InMemorySpanExporter spans;

  @Test
  void a_call_has_a_client_span_and_a_server_span_of_one_trace() throws Exception {
    try (var observability = start(Map.of())) {
      callHealthCheck(observability);

      List<SpanData> finished = spans.getFinishedSpanItems();
      SpanData client = only(finished, SpanKind.CLIENT);
      SpanData server = only(finished, SpanKind.SERVER);
      assertThat(client.getName()).isEqualTo("grpc.health.v1.Health/Check");
      assertThat(server.getName()).isEqualTo("grpc.health.v1.Health/Check");
      assertThat(server.getTraceId()).isEqualTo(client.getTraceId());
      assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
      assertThat(server.getResource().getAttribute(AttributeKey.stringKey("service.name")))
          .isEqualTo("echo");
      assertThat(server.getEvents()).as("no event per message").isEmpty();
    }
  }

  @Test
  void the_standard_variables_name_the_service_and_choose_the_sampler() throws Exception {
    try (var observability =
        start(Map.of("OTEL_SERVICE_NAME", "echo-eu", "OTEL_TRACES_SAMPLER", "always_off"))) {
      callHealthCheck(observability);
      assertThat(spans.getFinishedSpanItems()).isEmpty();
    }
    try (var observability = start(Map.of("OTEL_SERVICE_NAME", "echo-eu"))) {
      callHealthCheck(observability);
      assertThat(spans.getFinishedSpanItems())
          .extracting(s -> s.getResource().getAttribute(AttributeKey.stringKey("service.name")))
          .containsOnly("echo-eu");
    }
  }

  @Test
  void nothing_is_exported_without_an_endpoint() {
    assertThat(TracingConfig.properties(Map.of("OTEL_TRACES_SAMPLER_ARG", "0.1", "PATH", "/bin")))
        .isEqualTo(Map.of("otel.traces.sampler.arg", "0.1"));
    try (var observability = start(Map.of())) {
      assertThat(observability.openTelemetry().toString())
          .doesNotContain("OtlpHttpSpanExporter")
          .doesNotContain("BatchSpanProcessor");
    }
    try (var observability = start(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1"))) {
      assertThat(observability.openTelemetry().toString()).contains("OtlpHttpSpanExporter");
    }
  }

  @Test
  void spans_are_exported_in_large_batches_unless_the_standard_variables_say_otherwise() {
    String endpoint = "http://127.0.0.1:1";
    try (var observability = start(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint))) {
      assertThat(observability.openTelemetry().toString())
          .contains("maxExportBatchSize=" + TracingConfig.DEFAULT_BSP_MAX_EXPORT_BATCH_SIZE);
    }
    try (var observability =
        start(
            Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                endpoint,
                "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
                "100"))) {
      assertThat(observability.openTelemetry().toString()).contains("maxExportBatchSize=100,");
    }
    // A smaller queue alone: the batch never exceeds it.
    try (var observability =
        start(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint, "OTEL_BSP_MAX_QUEUE_SIZE", "1000"))) {
      assertThat(observability.openTelemetry().toString()).contains("maxExportBatchSize=1000,");
    }
  }

  @Test
  void the_log_lines_of_a_call_carry_its_server_span() throws Exception {
    var lines = new CopyOnWriteArrayList<Map<String, String>>();
    var appender =
        new AppenderBase<ILoggingEvent>() {
          @Override
          protected void append(ILoggingEvent event) {
            lines.add(Map.copyOf(event.getMDCPropertyMap()));
          }
        };
    appender.start();
    var access = (Logger) LoggerFactory.getLogger("dev.fieldops.grpc.access");
    var level = access.getLevel();
    access.setLevel(Level.DEBUG);
    access.addAppender(appender);
    try (var observability = start(Map.of())) {
      var channelz = ChannelzService.newInstance(10).bindService();
      var policy = MethodPolicy.builder();
      for (var method : channelz.getMethods()) {
        policy.allow(method.getMethodDescriptor(), Allow.anyStaff());
      }
      var runner =
          GrpcServerRunner.builder(
                  GrpcServerConfig.fromEnvironment(
                      Map.of("GRPC_BIND_ADDRESS", "127.0.0.1", "GRPC_PLAINTEXT", "true"), 0),
                  token -> {
                    throw new InvalidTokenException(
                        InvalidTokenException.Reason.CREDENTIALS_MISSING, "no tokens here");
                  },
                  "echo.fieldops.dev")
              .addService(channelz)
              .methodPolicy(policy.build())
              .configureServer(observability::configureServer)
              .build()
              .start();
      var channelBuilder =
          Grpc.newChannelBuilderForAddress(
              "127.0.0.1", runner.port(), InsecureChannelCredentials.create());
      observability.configureChannel(channelBuilder);
      ManagedChannel channel = channelBuilder.build();
      try {
        HealthGrpc.newBlockingStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance());
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        runner.close();
      }

      SpanData server = only(spans.getFinishedSpanItems(), SpanKind.SERVER);
      assertThat(lines)
          .singleElement()
          .satisfies(
              mdc ->
                  assertThat(mdc)
                      .containsEntry("trace_id", server.getTraceId())
                      .containsEntry("span_id", server.getSpanId())
                      .containsKey("request_id"));
    } finally {
      access.detachAppender(appender);
      access.setLevel(level);
    }
  }

  private Observability start(Map<String, String> env) {
    // Closing an SDK shuts its exporters down: one per start.
    spans = InMemorySpanExporter.create();
    try {
      return Observability.start(
          MetricsConfig.off(), "echo", env, List.of(SimpleSpanProcessor.create(spans)));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SpanData only(List<SpanData> spans, SpanKind kind) {
    var ofKind = spans.stream().filter(s -> s.getKind() == kind).toList();
    assertThat(ofKind).as("%s spans in %s", kind, spans).hasSize(1);
    return ofKind.get(0);
  }

  private static void callHealthCheck(Observability observability) throws Exception {
    String name = InProcessServerBuilder.generateName();
    var serverBuilder =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(new HealthStatusManager().getHealthService());
    observability.configureServer(serverBuilder);
    Server server = serverBuilder.build().start();
    var channelBuilder = InProcessChannelBuilder.forName(name).directExecutor();
    observability.configureChannel(channelBuilder);
    ManagedChannel channel = channelBuilder.build();
    try {
      HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance());
    } finally {
      channel.shutdownNow();
      server.shutdownNow().awaitTermination();
    }
  }
}
