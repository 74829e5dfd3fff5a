package dev.fieldops.telemetry.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Duration;
import dev.fieldops.telemetry.v1.Alert;
import dev.fieldops.telemetry.v1.AlertRule;
import dev.fieldops.telemetry.v1.AlertSeverity;
import dev.fieldops.telemetry.v1.AlertState;
import dev.fieldops.telemetry.v1.CreateAlertRuleRequest;
import dev.fieldops.telemetry.v1.Device;
import dev.fieldops.telemetry.v1.GetAlertRequest;
import dev.fieldops.telemetry.v1.ListAlertsRequest;
import dev.fieldops.telemetry.v1.Metric;
import dev.fieldops.telemetry.v1.SustainedCondition;
import dev.fieldops.telemetry.v1.ThresholdCondition;
import dev.fieldops.telemetry.v1.ThresholdDirection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sustained breach that spans a restart of the service fires once, whether the evaluator state is
 * read back from the database or has to be rebuilt from the stored readings; an alert whose
 * time-based escalation fell due while the service was stopped escalates once after the start.
 */
class RestartIT {

  private static RunningTelemetry service;

  @BeforeAll
  static void start() throws Exception {
    service = RunningTelemetry.start(Map.of("TELEMETRY_ESCALATION_SCAN_INTERVAL", "200ms"));
  }

  @AfterAll
  static void stop() throws Exception {
    service.close();
  }

  private record Watched(String customer, Device freezer, Instant start) {}

  /** A freezer whose temperature has been above -15 °C for a minute of its required two. */
  private static Watched halfWayThroughASustainedBreach() {
    var customer = "restart-" + UUID.randomUUID().toString().substring(0, 8);
    var freezer = service.freezerOf(customer);
    service
        .as(service.customer(customer))
        .createAlertRule(
            CreateAlertRuleRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setAlertRule(
                    AlertRule.newBuilder()
                        .setCustomerId(customer)
                        .setDeviceId(freezer.getDeviceId())
                        .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
                        .setSustained(
                            SustainedCondition.newBuilder()
                                .setDirection(ThresholdDirection.THRESHOLD_DIRECTION_ABOVE)
                                .setLevel(-15)
                                .setDuration(Duration.newBuilder().setSeconds(120))))
                .build());
    // Observed after the registration (a replay starts there), within the allowed clock skew.
    var start = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
    service.report(freezer, start, -10);
    service.report(freezer, start.plusSeconds(30), -10);
    service.report(freezer, start.plusSeconds(60), -9);
    return new Watched(customer, freezer, start);
  }

  private static void breachGoesOn(Watched watched) {
    var alertsBefore = alertsOf(watched);
    service.report(watched.freezer(), watched.start().plusSeconds(90), -10);
    assertThat(alertsOf(watched)).as("open alerts before the two minutes are up").isZero();
    service.report(watched.freezer(), watched.start().plusSeconds(120), -11);
    service.report(watched.freezer(), watched.start().plusSeconds(150), -10);
    assertThat(alertsBefore).isZero();
  }

  private static long alertsOf(Watched watched) {
    return service
        .as(service.customer(watched.customer()))
        .listAlerts(
            ListAlertsRequest.newBuilder().setDeviceId(watched.freezer().getDeviceId()).build())
        .getAlertsCount();
  }

  private static void firedOnce(Watched watched) {
    var alerts =
        service
            .as(service.customer(watched.customer()))
            .listAlerts(
                ListAlertsRequest.newBuilder().setDeviceId(watched.freezer().getDeviceId()).build())
            .getAlertsList();
    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getState()).isEqualTo(AlertState.ALERT_STATE_ACTIVE);
              assertThat(a.getRaiseTime().getSeconds())
                  .isEqualTo(watched.start().plusSeconds(120).getEpochSecond());
            });
    assertThat(
            service.count(
                "SELECT count(*) FROM outbox_event e JOIN alert a ON a.alert_id::text ="
                    + " e.aggregate_id WHERE a.device_id = ?::uuid AND e.subject ="
                    + " 'telemetry.alert.raised'",
                watched.freezer().getDeviceId()))
        .isEqualTo(1);
  }

  /** A freezer of the customer above its rule's level, the rule escalating after a minute. */
  private static String alertEscalatingAfterAMinute(String customer) {
    var freezer = service.freezerOf(customer);
    service
        .as(service.customer(customer))
        .createAlertRule(
            CreateAlertRuleRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setAlertRule(
                    AlertRule.newBuilder()
                        .setCustomerId(customer)
                        .setDeviceId(freezer.getDeviceId())
                        .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
                        .setEscalateAfter(Duration.newBuilder().setSeconds(60))
                        .setThreshold(
                            ThresholdCondition.newBuilder()
                                .setDirection(ThresholdDirection.THRESHOLD_DIRECTION_ABOVE)
                                .setRaiseLevel(-15)))
                .build());
    service.report(freezer, Instant.now().minusSeconds(30), -10);
    return service
        .as(service.customer(customer))
        .listAlerts(ListAlertsRequest.newBuilder().setDeviceId(freezer.getDeviceId()).build())
        .getAlerts(0)
        .getAlertId();
  }

  private static Alert alert(String customer, String alertId) {
    return service
        .as(service.customer(customer))
        .getAlert(GetAlertRequest.newBuilder().setAlertId(alertId).build())
        .getAlert();
  }

  private static void awaitCritical(String customer, String alertId) {
    await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(
            () -> alert(customer, alertId).getSeverity() == AlertSeverity.ALERT_SEVERITY_CRITICAL);
  }

  private static long escalationsOf(String alertId) {
    return service.count(
        "SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND subject ="
            + " 'telemetry.alert.escalated'",
        alertId);
  }

  @Test
  void an_escalation_due_while_the_service_was_stopped_happens_once_after_the_start()
      throws Exception {
    var customer = "escalate-" + UUID.randomUUID().toString().substring(0, 8);
    var alertId = alertEscalatingAfterAMinute(customer);
    var beforeTheStop = alert(customer, alertId);

    // Stopped for two minutes, as far as the alert can tell: its raise time moves back by that.
    service.restart(() -> service.backdateAlert(alertId, java.time.Duration.ofMinutes(2)));
    awaitCritical(customer, alertId);
    var afterTheStart = alert(customer, alertId);
    long escalationsAfterTheStart = escalationsOf(alertId);

    // Another stop and start: a second alert falling due meanwhile shows the scan ran again.
    var secondId = alertEscalatingAfterAMinute(customer);
    service.restart(() -> service.backdateAlert(secondId, java.time.Duration.ofMinutes(2)));
    awaitCritical(customer, secondId);

    assertThat(beforeTheStop.getSeverity()).isEqualTo(AlertSeverity.ALERT_SEVERITY_WARNING);
    assertThat(afterTheStart.getState()).isEqualTo(AlertState.ALERT_STATE_ACTIVE);
    assertThat(afterTheStart.hasEscalateTime()).isTrue();
    assertThat(escalationsAfterTheStart).isEqualTo(1);
    assertThat(escalationsOf(alertId)).isEqualTo(1);
    assertThat(alert(customer, alertId)).isEqualTo(afterTheStart);
    assertThat(escalationsOf(secondId)).isEqualTo(1);
  }

  @Test
  void a_breach_whose_state_is_stored_fires_once_after_the_restart() throws Exception {
    var watched = halfWayThroughASustainedBreach();

    service.restart();
    breachGoesOn(watched);

    assertThat(
            service.count(
                "SELECT count(*) FROM device_evaluation WHERE device_id = ?::uuid"
                    + " AND version > 0 AND snapshot IS NOT NULL",
                watched.freezer().getDeviceId()))
        .isEqualTo(1);
    firedOnce(watched);
  }

  @Test
  void a_breach_whose_stored_state_was_lost_is_rebuilt_from_the_readings_and_fires_once()
      throws Exception {
    var watched = halfWayThroughASustainedBreach();

    service.restart(
        () ->
            service.count(
                "WITH gone AS (DELETE FROM device_evaluation RETURNING 1) SELECT count(*) FROM"
                    + " gone"));
    breachGoesOn(watched);

    firedOnce(watched);
  }
}
