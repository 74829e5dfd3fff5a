package dev.fieldops.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fieldops.test.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real Prometheus (Debian's package) scraping the three services, with deploy/observability's
 * scrape configuration (only the ports and intervals changed) and alerting rules: after the demo
 * story, its HTTP API answers what an operator asks — the outbox backlog is back to 0, tickets,
 * alerts and invoices are counted, gRPC latency histograms exist for servers and support's client —
 * and every metric the Grafana dashboard reads is one the services serve.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final HttpClient http = HttpClient.newHttpClient();
  private RunningSystem system;
  private Process prometheus;
  private URI api;
  private Path work;

  @BeforeAll
  void startTheSystemAndPrometheus() throws Exception {
    assumeTrue(Files.isExecutable(ObservabilityFiles.PROMETHEUS), ObservabilityFiles.MISSING);
    work = Files.createTempDirectory("fieldops-prometheus");
    system = RunningSystem.startWithMetrics();
    var dir = ObservabilityFiles.directory();
    String config =
        Files.readString(dir.resolve("prometheus.yml"))
            .replace("scrape_interval: 15s", "scrape_interval: 1s")
            .replace("evaluation_interval: 15s", "evaluation_interval: 1s")
            .replace("127.0.0.1:9464", "127.0.0.1:" + system.metricsPort("support"))
            .replace("127.0.0.1:9465", "127.0.0.1:" + system.metricsPort("telemetry"))
            .replace("127.0.0.1:9466", "127.0.0.1:" + system.metricsPort("invoicing"));
    Files.writeString(work.resolve("prometheus.yml"), config);
    Files.copy(dir.resolve("alerts.yml"), work.resolve("alerts.yml"));
    int port = FreePorts.one();
    prometheus =
        new ProcessBuilder(
                ObservabilityFiles.PROMETHEUS.toString(),
                "--config.file=" + work.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + work.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("prometheus.log").toFile())
            .start();
    api = URI.create("http://127.0.0.1:" + port);
    await().atMost(WAIT).ignoreExceptions().until(() -> get("/-/ready").statusCode() == 200);
  }

  @AfterAll
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
    if (system != null) {
      system.close();
    }
    if (work != null) {
      try (var files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject data(String path) throws IOException, InterruptedException {
    var response = get(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    var body = JsonParser.parseString(response.body()).getAsJsonObject();
    assertThat(body.get("status").getAsString()).isEqualTo("success");
    return body;
  }

  /** The value of an instant query that returns one sample; empty when it returns none. */
  private Optional<Double> value(String promql) throws IOException, InterruptedException {
    var result =
        data("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
            .getAsJsonObject("data")
            .getAsJsonArray("result");
    if (result.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Double.parseDouble(
            result.get(0).getAsJsonObject().getAsJsonArray("value").get(1).getAsString()));
  }

  private void eventually(String promql, double atLeast) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(value(promql))
                    .as(promql)
                    .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(atLeast)));
  }

  @Test
  void after_the_demo_prometheus_answers_what_an_operator_watches() throws Exception {
    var demo = system.demo();
    assertThat(demo.exit()).as("%s%n%s", demo.output(), demo.errors()).isZero();

    // Every service is scraped.
    eventually("count(up{job=~\"customer-support|telemetry|invoicing\"} == 1)", 3);
    // The story's events went through every outbox, and none is left behind.
    eventually("min(fieldops_outbox_published_total)", 1);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(value("max(fieldops_outbox_backlog)")).contains(0.0);
              assertThat(value("max(fieldops_outbox_oldest_age_seconds)")).contains(0.0);
            });
    // Consumers applied the other contexts' events.
    eventually("sum(fieldops_consumer_applied_total{job=\"customer-support\"})", 1);
    eventually("sum(fieldops_consumer_applied_total{job=\"invoicing\"})", 1);

    // The domain figures: the alert ticket resolved, the alert still active, the invoice paid.
    eventually("fieldops_support_tickets{status=\"RESOLVED\"}", 1);
    assertThat(value("count(fieldops_support_tickets)")).contains(5.0);
    assertThat(value("fieldops_support_sla_breaches_total")).contains(0.0);
    // One customer-support instance keeps its ticket cache; the demo's reads looked in it.
    eventually("fieldops_support_ticket_cache_serving", 1);
    eventually("sum(cache_gets_total{job=\"customer-support\",cache=\"tickets\"})", 1);
    eventually("fieldops_telemetry_alerts_active{state=\"ACTIVE\"}", 1);
    eventually("fieldops_telemetry_readings_total{outcome=\"accepted\",reason=\"none\"}", 2);
    eventually("fieldops_invoicing_invoices_issued_total", 1);
    eventually("fieldops_invoicing_invoices{status=\"PAID\"}", 1);
    assertThat(value("fieldops_invoicing_invoices_overdue")).contains(0.0);

    // gRPC latency: server histograms per method, and support's calls to telemetry.
    eventually(
        "sum(grpc_server_call_duration_seconds_count{job=\"telemetry\","
            + "grpc_method=\"fieldops.telemetry.v1.TelemetryService/RecordReading\","
            + "grpc_status=\"OK\"})",
        2);
    eventually(
        "count(histogram_quantile(0.99, sum by (job, grpc_method, le)"
            + " (rate(grpc_server_call_duration_seconds_bucket[1m]))))",
        3);
    eventually(
        "sum(grpc_client_call_duration_seconds_count{job=\"customer-support\","
            + "grpc_method=\"fieldops.telemetry.v1.TelemetryService/GetDevice\"})",
        1);
    // Every command is timed by its name and outcome.
    eventually(
        "sum(fieldops_command_duration_seconds_count{job=\"invoicing\",command=\"IssueInvoice\","
            + "outcome=\"ok\"})",
        1);

    // The rules loaded, and none fires on a healthy system.
    var rules = data("/api/v1/rules").getAsJsonObject("data").getAsJsonArray("groups");
    int loaded = 0;
    for (JsonElement group : rules) {
      for (JsonElement rule : group.getAsJsonObject().getAsJsonArray("rules")) {
        loaded++;
        assertThat(rule.getAsJsonObject().get("health").getAsString())
            .as(rule.toString())
            .isEqualTo("ok");
      }
    }
    assertThat(loaded).isEqualTo(6);
    assertThat(value("count(ALERTS{alertstate=\"firing\"})")).isEmpty();
  }

  @Test
  void the_dashboard_reads_only_metrics_the_services_serve() throws Exception {
    // The demo of the other test may run first or not: commands and client calls need traffic.
    var demo = system.demo();
    assertThat(demo.exit()).as("%s%n%s", demo.output(), demo.errors()).isZero();
    var wanted = ObservabilityFiles.dashboardMetrics();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Set<String> served = new HashSet<>();
              for (JsonElement name :
                  data("/api/v1/label/__name__/values").getAsJsonArray("data")) {
                served.add(name.getAsString());
              }
              assertThat(served).containsAll(wanted);
            });
  }
}
