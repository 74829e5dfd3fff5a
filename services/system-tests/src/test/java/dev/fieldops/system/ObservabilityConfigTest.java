package dev.fieldops.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import java.nio.file.Files;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * deploy/observability/ is what an operator runs: Prometheus must accept its scrape configuration
 * and alerting rules ({@code promtool check}), every rule must fire and stay quiet where its unit
 * tests say ({@code promtool test rules} on alerts_test.yml), and the dashboard must show the event
 * flow and each context. That the dashboard reads only metrics the services serve is checked
 * against the running system in {@link PrometheusIT}.
 */
class ObservabilityConfigTest {

  @Test
  void prometheus_accepts_the_scrape_configuration_and_the_rules() throws Exception {
    assumeTrue(Files.isExecutable(ObservabilityFiles.PROMTOOL), ObservabilityFiles.MISSING);
    var dir = ObservabilityFiles.directory();

    var config = ObservabilityFiles.run(dir, "promtool", "check", "config", "prometheus.yml");
    assertThat(config.exit()).as(config.output()).isZero();
    var rules = ObservabilityFiles.run(dir, "promtool", "check", "rules", "alerts.yml");
    assertThat(rules.exit()).as(rules.output()).isZero();
    assertThat(rules.output()).contains("SUCCESS: 6 rules found");
  }

  @Test
  void every_alert_fires_and_stays_quiet_as_its_unit_tests_say() throws Exception {
    assumeTrue(Files.isExecutable(ObservabilityFiles.PROMTOOL), ObservabilityFiles.MISSING);
    var dir = ObservabilityFiles.directory();

    var tests = ObservabilityFiles.run(dir, "promtool", "test", "rules", "alerts_test.yml");

    assertThat(tests.exit()).as(tests.output()).isZero();
    var alerts = Files.readString(dir.resolve("alerts.yml"));
    var unitTests = Files.readString(dir.resolve("alerts_test.yml"));
    var names = new ArrayList<String>();
    var matcher = java.util.regex.Pattern.compile("- alert: (\\w+)").matcher(alerts);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    assertThat(names).hasSize(6);
    for (String name : names) {
      // Each rule is evaluated at least twice: once expected quiet, once expected firing.
      assertThat(unitTests.split("alertname: " + name + "\n", -1).length - 1)
          .as("evaluations of %s in alerts_test.yml", name)
          .isGreaterThanOrEqualTo(2);
      assertThat(unitTests)
          .as("a quiet evaluation of %s", name)
          .containsPattern("alertname: " + name + "\\n\\s+exp_alerts: \\[]");
    }
  }

  @Test
  void the_dashboard_has_the_event_flow_and_a_row_per_context_with_queries_on_our_metrics()
      throws Exception {
    var rows = new ArrayList<String>();
    for (JsonElement panel : ObservabilityFiles.dashboard().getAsJsonArray("panels")) {
      if (panel.getAsJsonObject().get("type").getAsString().equals("row")) {
        rows.add(panel.getAsJsonObject().get("title").getAsString());
      }
    }
    assertThat(rows)
        .anyMatch(row -> row.startsWith("Event flow"))
        .contains("Customer support", "Telemetry", "Invoicing");
    assertThat(ObservabilityFiles.dashboardMetrics())
        .contains(
            "fieldops_outbox_backlog",
            "fieldops_consumer_pending",
            "fieldops_support_tickets",
            "fieldops_telemetry_alerts_active",
            "fieldops_invoicing_invoices_overdue",
            "grpc_server_call_duration_seconds_bucket")
        .noneMatch(name -> name.startsWith("grpc_method") || name.startsWith("grpc_status"));
  }
}
