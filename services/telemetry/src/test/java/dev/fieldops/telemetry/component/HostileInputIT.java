package dev.fieldops.telemetry.component;

import static dev.fieldops.telemetry.component.RunningTelemetry.temperature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Duration;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import dev.fieldops.telemetry.v1.AcknowledgeAlertRequest;
import dev.fieldops.telemetry.v1.AggregateFunction;
import dev.fieldops.telemetry.v1.Alert;
import dev.fieldops.telemetry.v1.AlertRule;
import dev.fieldops.telemetry.v1.AlertSeverity;
import dev.fieldops.telemetry.v1.AlertState;
import dev.fieldops.telemetry.v1.CreateAlertRuleRequest;
import dev.fieldops.telemetry.v1.DecommissionDeviceRequest;
import dev.fieldops.telemetry.v1.DeleteAlertRuleRequest;
import dev.fieldops.telemetry.v1.Device;
import dev.fieldops.telemetry.v1.DeviceKind;
import dev.fieldops.telemetry.v1.DeviceState;
import dev.fieldops.telemetry.v1.GetAlertRequest;
import dev.fieldops.telemetry.v1.GetAlertRuleRequest;
import dev.fieldops.telemetry.v1.GetDeviceRequest;
import dev.fieldops.telemetry.v1.ListAlertRulesRequest;
import dev.fieldops.telemetry.v1.ListAlertsRequest;
import dev.fieldops.telemetry.v1.ListDevicesRequest;
import dev.fieldops.telemetry.v1.Metric;
import dev.fieldops.telemetry.v1.QueryReadingsRequest;
import dev.fieldops.telemetry.v1.ReadingAggregation;
import dev.fieldops.telemetry.v1.RecordReadingRequest;
import dev.fieldops.telemetry.v1.RegisterDeviceRequest;
import dev.fieldops.telemetry.v1.StreamReadingsRequest;
import dev.fieldops.telemetry.v1.TelemetryServiceGrpc;
import dev.fieldops.telemetry.v1.ThresholdCondition;
import dev.fieldops.telemetry.v1.ThresholdDirection;
import dev.fieldops.telemetry.v1.UpdateAlertRuleRequest;
import dev.fieldops.telemetry.v1.WatchAlertsRequest;
import dev.fieldops.test.grpc.HostileRequests;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile variants of every RPC's request (malformed bytes, invalid UTF-8, deep nesting, extreme
 * numbers and timestamps, long emoji strings, malformed ids, etags and page tokens, unknown enum
 * values, empty and oversized lists), sent over a socket to the running service: never INTERNAL or
 * UNKNOWN, and every refusal carries an ErrorInfo reason. The seeds carry no etag (unconditional),
 * so that a variant accepted early does not make the later ones stale; the etag fields get their
 * hostile values like every other field.
 */
class HostileInputIT {

  private static RunningTelemetry service;
  private static String customer;
  private static Device freezer;
  private static Device spare;
  private static AlertRule rule;
  private static Alert alert;

  @BeforeAll
  static void aCustomerWithDevicesRulesAndAnAlert() throws Exception {
    service = RunningTelemetry.start(Map.of());
    customer = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
    freezer = service.freezerOf(customer);
    spare = service.freezerOf(customer);
    rule =
        service
            .as(service.operator())
            .createAlertRule(
                CreateAlertRuleRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString())
                    .setAlertRule(tooWarm())
                    .build())
            .getAlertRule();
    service.report(freezer, Instant.now().minusSeconds(5), -5.0);
    await().atMost(java.time.Duration.ofSeconds(20)).until(() -> !alerts().isEmpty());
    alert = alerts().getFirst();
  }

  @AfterAll
  static void stop() throws Exception {
    service.close();
  }

  @Test
  void no_hostile_request_gets_internal_or_unknown_and_every_refusal_has_a_reason() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    HostileRequests.Report report =
        HostileRequests.of(TelemetryServiceGrpc.getServiceDescriptor())
            .seed(
                TelemetryServiceGrpc.getRegisterDeviceMethod(),
                RegisterDeviceRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString())
                    .setDevice(
                        Device.newBuilder()
                            .setCustomerId(customer)
                            .setDisplayName("Freezer 9")
                            .setLocation("Hall B")
                            .setKind(DeviceKind.DEVICE_KIND_FREEZER)
                            .setDeadbandCelsius(0.5))
                    .build())
            .seed(
                TelemetryServiceGrpc.getGetDeviceMethod(),
                GetDeviceRequest.newBuilder().setDeviceId(freezer.getDeviceId()).build())
            .seed(
                TelemetryServiceGrpc.getListDevicesMethod(),
                ListDevicesRequest.newBuilder()
                    .setCustomerId(customer)
                    .setState(DeviceState.DEVICE_STATE_ACTIVE)
                    .setKind(DeviceKind.DEVICE_KIND_FREEZER)
                    .setPageSize(10)
                    .build())
            .seed(
                TelemetryServiceGrpc.getDecommissionDeviceMethod(),
                DecommissionDeviceRequest.newBuilder().setDeviceId(spare.getDeviceId()).build())
            .seed(
                TelemetryServiceGrpc.getRecordReadingMethod(),
                RecordReadingRequest.newBuilder()
                    .setReading(temperature(freezer, now.minusSeconds(1), -18.5))
                    .build())
            .seed(
                TelemetryServiceGrpc.getStreamReadingsMethod(),
                StreamReadingsRequest.newBuilder()
                    .addReadings(temperature(freezer, now.minusSeconds(2), -18.0))
                    .addReadings(temperature(freezer, now.minusSeconds(3), -18.2))
                    .build())
            .seed(
                TelemetryServiceGrpc.getQueryReadingsMethod(),
                QueryReadingsRequest.newBuilder()
                    .setDeviceId(freezer.getDeviceId())
                    .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
                    .setStartTime(timestamp(now.minusSeconds(3600)))
                    .setEndTime(timestamp(now))
                    .setAggregation(
                        ReadingAggregation.newBuilder()
                            .setBucketWidth(Duration.newBuilder().setSeconds(600))
                            .addFunctions(AggregateFunction.AGGREGATE_FUNCTION_MAX))
                    .setPageSize(10)
                    .build())
            .seed(
                TelemetryServiceGrpc.getCreateAlertRuleMethod(),
                CreateAlertRuleRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString())
                    .setAlertRule(
                        tooWarm().toBuilder()
                            .setEscalateAfter(Duration.newBuilder().setSeconds(1800)))
                    .build())
            .seed(
                TelemetryServiceGrpc.getGetAlertRuleMethod(),
                GetAlertRuleRequest.newBuilder().setRuleId(rule.getRuleId()).build())
            .seed(
                TelemetryServiceGrpc.getListAlertRulesMethod(),
                ListAlertRulesRequest.newBuilder()
                    .setDeviceId(freezer.getDeviceId())
                    .setPageSize(10)
                    .build())
            .seed(
                TelemetryServiceGrpc.getUpdateAlertRuleMethod(),
                UpdateAlertRuleRequest.newBuilder()
                    .setAlertRule(
                        rule.toBuilder()
                            .clearEtag()
                            .setDisplayName("Freezer much too warm")
                            .setSeverity(AlertSeverity.ALERT_SEVERITY_CRITICAL))
                    .setUpdateMask(
                        FieldMask.newBuilder().addPaths("display_name").addPaths("severity"))
                    .build())
            .seed(
                TelemetryServiceGrpc.getDeleteAlertRuleMethod(),
                DeleteAlertRuleRequest.newBuilder().setRuleId(rule.getRuleId()).build())
            .seed(
                TelemetryServiceGrpc.getListAlertsMethod(),
                ListAlertsRequest.newBuilder()
                    .setCustomerId(customer)
                    .setDeviceId(freezer.getDeviceId())
                    .setRuleId(rule.getRuleId())
                    .setState(AlertState.ALERT_STATE_ACTIVE)
                    .setMinSeverity(AlertSeverity.ALERT_SEVERITY_WARNING)
                    .setPageSize(10)
                    .build())
            .seed(
                TelemetryServiceGrpc.getGetAlertMethod(),
                GetAlertRequest.newBuilder().setAlertId(alert.getAlertId()).build())
            .seed(
                TelemetryServiceGrpc.getAcknowledgeAlertMethod(),
                AcknowledgeAlertRequest.newBuilder()
                    .setAlertId(alert.getAlertId())
                    .setNote("technician on the way")
                    .build())
            .seed(
                TelemetryServiceGrpc.getWatchAlertsMethod(),
                WatchAlertsRequest.newBuilder()
                    .setCustomerId(customer)
                    .setMinSeverity(AlertSeverity.ALERT_SEVERITY_WARNING)
                    .build())
            .run(service.channel(), method -> service.operator());

    assertThat(report.problems()).as(report.summary()).isEmpty();
    assertThat(report.calls()).isGreaterThan(1_000);
  }

  private static AlertRule tooWarm() {
    return AlertRule.newBuilder()
        .setCustomerId(customer)
        .setDeviceId(freezer.getDeviceId())
        .setDisplayName("Freezer too warm")
        .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
        .setThreshold(
            ThresholdCondition.newBuilder()
                .setDirection(ThresholdDirection.THRESHOLD_DIRECTION_ABOVE)
                .setRaiseLevel(-15)
                .setClearLevel(-17))
        .build();
  }

  private static java.util.List<Alert> alerts() {
    return service
        .as(service.operator())
        .listAlerts(ListAlertsRequest.newBuilder().setDeviceId(freezer.getDeviceId()).build())
        .getAlertsList();
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
