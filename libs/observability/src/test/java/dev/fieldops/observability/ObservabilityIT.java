package dev.fieldops.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.test.PrometheusText;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real management endpoint, scraped over HTTP and parsed as Prometheus would: Micrometer's
 * meters, the JVM's and gRPC's standard ones (through the OpenTelemetry SDK) come out of one {@code
 * /metrics}.
 */
class ObservabilityIT {

  @Test
  void one_endpoint_serves_platform_jvm_and_grpc_metrics() throws Exception {
    try (var observability = Observability.start(MetricsConfig.ephemeral(), "echo")) {
      observability.meterRegistry().counter("fieldops.test.pings", "kind", "unit").increment(3);
      callHealthCheckTwice(observability);

      var metrics = scrape(observability);

      assertThat(metrics.value("fieldops_test_pings_total", Map.of("kind", "unit"))).contains(3.0);
      assertThat(metrics.find("fieldops_test_pings_total", Map.of("service", "echo"))).hasSize(1);
      assertThat(metrics.find("jvm_memory_used_bytes", Map.of("area", "heap"))).isNotEmpty();
      assertThat(metrics.find("jvm_threads_live_threads", Map.of())).isNotEmpty();
      assertThat(metrics.find("process_uptime_seconds", Map.of())).isNotEmpty();

      var check = Map.of("grpc_method", "grpc.health.v1.Health/Check", "grpc_status", "OK");
      assertThat(metrics.value("grpc_server_call_duration_seconds_count", check)).contains(2.0);
      assertThat(metrics.value("grpc_client_call_duration_seconds_count", check)).contains(2.0);
      assertThat(metrics.value("grpc_client_attempt_duration_seconds_count", check)).contains(2.0);
      assertThat(
              metrics.value(
                  "grpc_server_call_started_total",
                  Map.of("grpc_method", "grpc.health.v1.Health/Check")))
          .contains(2.0);
      // The SLO buckets, not A66's 41 advisory ones.
      List<String> boundaries =
          metrics.find("grpc_server_call_duration_seconds_bucket", check).stream()
              .map(s -> s.labels().get("le"))
              .toList();
      assertThat(boundaries)
          .containsExactly(
              "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0",
              "2.5", "5.0", "10.0", "+Inf");
      // A66's message-size histograms are off: a record per call that nothing reads.
      assertThat(metrics.samples())
          .extracting(PrometheusText.Sample::name)
          .noneMatch(name -> name.contains("compressed_message_size"));
    }
  }

  @Test
  void closing_stops_the_endpoint() throws Exception {
    var observability = Observability.start(MetricsConfig.ephemeral(), "echo");
    int port = observability.port().orElseThrow();
    scrape(observability);

    observability.close();

    assertThatThrownBy(() -> PrometheusText.scrape(metricsUrl(port)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void the_virtual_thread_meters_and_their_jfr_stream_only_when_asked_for() throws Exception {
    try (var observability = Observability.start(MetricsConfig.ephemeral(), "echo")) {
      assertThat(scrape(observability).samples())
          .extracting(PrometheusText.Sample::name)
          .noneMatch(name -> name.startsWith("jvm_threads_virtual"));
    }
    try (var observability =
        Observability.start(MetricsConfig.ephemeral().withVirtualThreads(true), "echo")) {
      assertThat(scrape(observability).samples())
          .extracting(PrometheusText.Sample::name)
          .anyMatch(name -> name.startsWith("jvm_threads_virtual"));
    }
  }

  @Test
  void a_port_already_taken_stops_the_start_naming_the_variables() throws Exception {
    try (var first = Observability.start(MetricsConfig.ephemeral(), "echo")) {
      var taken = new MetricsConfig(true, "127.0.0.1", first.port().orElseThrow());

      assertThatThrownBy(() -> Observability.start(taken, "echo"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("METRICS_PORT")
          .hasMessageContaining("127.0.0.1:" + first.port().orElseThrow());
    }
  }

  @Test
  void no_port_is_opened_when_the_endpoint_is_off() {
    try (var observability = Observability.inMemory("echo")) {
      observability.meterRegistry().counter("fieldops.test.pings").increment();
      assertThat(observability.port()).isEmpty();
      assertThat(
              PrometheusText.parse(observability.scrape())
                  .value("fieldops_test_pings_total", Map.of()))
          .contains(1.0);
    }
  }

  private static void callHealthCheckTwice(Observability observability) throws Exception {
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
      var health = HealthGrpc.newBlockingStub(channel);
      health.check(HealthCheckRequest.getDefaultInstance());
      health.check(HealthCheckRequest.getDefaultInstance());
    } finally {
      channel.shutdownNow();
      server.shutdownNow().awaitTermination();
    }
  }

  private static PrometheusText scrape(Observability observability) throws Exception {
    return PrometheusText.scrape(metricsUrl(observability.port().orElseThrow()));
  }

  private static URI metricsUrl(int port) {
    return URI.create("http://127.0.0.1:" + port + "/metrics");
  }
}
