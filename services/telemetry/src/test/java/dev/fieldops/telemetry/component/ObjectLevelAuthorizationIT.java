package dev.fieldops.telemetry.component;

import static dev.fieldops.telemetry.component.RunningTelemetry.temperature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.google.protobuf.Duration;
import com.google.protobuf.FieldMask;
import dev.fieldops.telemetry.v1.AcknowledgeAlertRequest;
import dev.fieldops.telemetry.v1.Alert;
import dev.fieldops.telemetry.v1.AlertRule;
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
import dev.fieldops.telemetry.v1.ReadingRejectReason;
import dev.fieldops.telemetry.v1.RecordReadingRequest;
import dev.fieldops.telemetry.v1.RegisterDeviceRequest;
import dev.fieldops.telemetry.v1.StreamReadingsRequest;
import dev.fieldops.telemetry.v1.TelemetryServiceGrpc;
import dev.fieldops.telemetry.v1.ThresholdCondition;
import dev.fieldops.telemetry.v1.ThresholdDirection;
import dev.fieldops.telemetry.v1.UpdateAlertRuleRequest;
import dev.fieldops.telemetry.v1.WatchAlertsRequest;
import dev.fieldops.test.grpc.ErrorDetails;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A customer reaches only its own devices, readings, rules and alerts: with another customer's ids
 * every RPC of the service answers NOT_FOUND (lists and watches: nothing), changes nothing and
 * emits no event. The RPCs come from the service descriptor, so a new RPC without a case here fails
 * this test. A device may ingest only its own readings.
 */
class ObjectLevelAuthorizationIT {

  private static RunningTelemetry service;
  private static String owner;
  private static Device freezer;
  private static Device fridge;
  private static AlertRule rule;
  private static Alert alert;
  private static Device watchedFreezer;
  private static String intruderCustomer;
  private static String intruder;

  @BeforeAll
  static void start() throws Exception {
    service = RunningTelemetry.start(Map.of());
    owner = "owner-" + UUID.randomUUID().toString().substring(0, 8);
    intruderCustomer = "intruder-" + UUID.randomUUID().toString().substring(0, 8);
    intruder = service.customer(intruderCustomer);
    freezer = service.freezerOf(owner);
    fridge = service.freezerOf(owner);
    rule = ruleOn(freezer);
    service.report(freezer, Instant.now().minusSeconds(60), -10);
    alert =
        service
            .as(service.customer(owner))
            .listAlerts(ListAlertsRequest.getDefaultInstance())
            .getAlerts(0);
    // An alert that moves without events: a wide deadband, and new peaks are silent updates.
    watchedFreezer = service.freezerOf(owner, 20);
    ruleOn(watchedFreezer);
    service.report(watchedFreezer, Instant.now().minusSeconds(60), -10);
  }

  private static AlertRule ruleOn(Device device) {
    return service
        .as(service.customer(owner))
        .createAlertRule(
            CreateAlertRuleRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setAlertRule(
                    AlertRule.newBuilder()
                        .setCustomerId(owner)
                        .setDeviceId(device.getDeviceId())
                        .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
                        .setThreshold(
                            ThresholdCondition.newBuilder()
                                .setDirection(ThresholdDirection.THRESHOLD_DIRECTION_ABOVE)
                                .setRaiseLevel(-15)))
                .build())
        .getAlertRule();
  }

  @AfterAll
  static void stop() throws Exception {
    service.close();
  }

  private static StatusRuntimeException failure(Runnable call) {
    return assertThatExceptionOfType(StatusRuntimeException.class)
        .as("the call fails")
        .isThrownBy(call::run)
        .actual();
  }

  private static void notFound(Runnable call, String reason) {
    var failure = failure(call);
    assertThat(ErrorDetails.code(failure)).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(ErrorDetails.reason(failure)).isEqualTo(reason);
  }

  private static long readingsOf(Device device) {
    return service.count(
        "SELECT count(*) FROM reading WHERE device_id = ?::uuid", device.getDeviceId());
  }

  /** One RPC tried with another customer's token, with its assertions. */
  @FunctionalInterface
  interface Case {
    void run() throws Exception;
  }

  /** What another customer's token gets, per RPC, with the owner's ids. */
  private static final Map<String, Case> CASES =
      Map.ofEntries(
          Map.entry(
              "RegisterDevice",
              () -> {
                notFound(
                    () ->
                        service
                            .as(intruder)
                            .registerDevice(
                                RegisterDeviceRequest.newBuilder()
                                    .setRequestId(UUID.randomUUID().toString())
                                    .setDevice(
                                        Device.newBuilder()
                                            .setCustomerId(owner)
                                            .setDisplayName("Planted")
                                            .setKind(DeviceKind.DEVICE_KIND_OTHER))
                                    .build()),
                    "CUSTOMER_NOT_FOUND");
                assertThat(
                        service.count("SELECT count(*) FROM device WHERE customer_id = ?", owner))
                    .isEqualTo(3);
              }),
          Map.entry(
              "GetDevice",
              () ->
                  notFound(
                      () ->
                          service
                              .as(intruder)
                              .getDevice(
                                  GetDeviceRequest.newBuilder()
                                      .setDeviceId(freezer.getDeviceId())
                                      .build()),
                      "DEVICE_NOT_FOUND")),
          Map.entry(
              "ListDevices",
              () ->
                  assertThat(
                          service
                              .as(intruder)
                              .listDevices(
                                  ListDevicesRequest.newBuilder().setCustomerId(owner).build())
                              .getDevicesList())
                      .isEmpty()),
          Map.entry(
              "DecommissionDevice",
              () -> {
                notFound(
                    () ->
                        service
                            .as(intruder)
                            .decommissionDevice(
                                DecommissionDeviceRequest.newBuilder()
                                    .setDeviceId(freezer.getDeviceId())
                                    .build()),
                    "DEVICE_NOT_FOUND");
                assertThat(ownersView(freezer).getState())
                    .isEqualTo(DeviceState.DEVICE_STATE_ACTIVE);
              }),
          Map.entry(
              "RecordReading",
              () -> {
                long before = readingsOf(freezer);
                notFound(
                    () ->
                        service
                            .as(intruder)
                            .recordReading(
                                RecordReadingRequest.newBuilder()
                                    .setReading(temperature(freezer, Instant.now(), 30))
                                    .build()),
                    "DEVICE_NOT_FOUND");
                assertThat(readingsOf(freezer)).isEqualTo(before);
              }),
          Map.entry(
              "StreamReadings",
              () -> {
                long before = readingsOf(freezer);
                var outcome =
                    service.stream(
                        intruder,
                        List.of(
                            StreamReadingsRequest.newBuilder()
                                .addReadings(temperature(freezer, Instant.now(), 30))
                                .build()));
                assertThat(outcome.getAcceptedCount()).isZero();
                assertThat(outcome.getRejectedSamples(0).getReason())
                    .isEqualTo(ReadingRejectReason.READING_REJECT_REASON_UNKNOWN_DEVICE);
                assertThat(readingsOf(freezer)).isEqualTo(before);
              }),
          Map.entry(
              "QueryReadings",
              () ->
                  notFound(
                      () ->
                          service
                              .as(intruder)
                              .queryReadings(
                                  QueryReadingsRequest.newBuilder()
                                      .setDeviceId(freezer.getDeviceId())
                                      .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
                                      .setStartTime(
                                          RunningTelemetryTimes.timestamp(
                                              Instant.now().minus(1, ChronoUnit.DAYS)))
                                      .setEndTime(RunningTelemetryTimes.timestamp(Instant.now()))
                                      .build()),
                      "DEVICE_NOT_FOUND")),
          Map.entry(
              "CreateAlertRule",
              () -> {
                notFound(
                    () -> createRuleAsIntruder(owner, freezer.getDeviceId()), "CUSTOMER_NOT_FOUND");
                notFound(
                    () -> createRuleAsIntruder(intruderCustomer, freezer.getDeviceId()),
                    "DEVICE_NOT_FOUND");
                assertThat(
                        service.count(
                            "SELECT count(*) FROM alert_rule WHERE device_id = ?::uuid",
                            freezer.getDeviceId()))
                    .isEqualTo(1);
              }),
          Map.entry(
              "GetAlertRule",
              () ->
                  notFound(
                      () ->
                          service
                              .as(intruder)
                              .getAlertRule(
                                  GetAlertRuleRequest.newBuilder()
                                      .setRuleId(rule.getRuleId())
                                      .build()),
                      "ALERT_RULE_NOT_FOUND")),
          Map.entry(
              "ListAlertRules",
              () -> {
                assertThat(
                        service
                            .as(intruder)
                            .listAlertRules(
                                ListAlertRulesRequest.newBuilder().setCustomerId(owner).build())
                            .getAlertRulesList())
                    .isEmpty();
                assertThat(
                        service
                            .as(intruder)
                            .listAlertRules(
                                ListAlertRulesRequest.newBuilder()
                                    .setDeviceId(freezer.getDeviceId())
                                    .build())
                            .getAlertRulesList())
                    .isEmpty();
              }),
          Map.entry(
              "UpdateAlertRule",
              () -> {
                notFound(
                    () ->
                        service
                            .as(intruder)
                            .updateAlertRule(
                                UpdateAlertRuleRequest.newBuilder()
                                    .setAlertRule(rule.toBuilder().setEnabled(false))
                                    .setUpdateMask(FieldMask.newBuilder().addPaths("enabled"))
                                    .build()),
                    "ALERT_RULE_NOT_FOUND");
                assertThat(ownersView(rule)).isEqualTo(rule);
              }),
          Map.entry(
              "DeleteAlertRule",
              () -> {
                notFound(
                    () ->
                        service
                            .as(intruder)
                            .deleteAlertRule(
                                DeleteAlertRuleRequest.newBuilder()
                                    .setRuleId(rule.getRuleId())
                                    .build()),
                    "ALERT_RULE_NOT_FOUND");
                assertThat(ownersView(rule)).isEqualTo(rule);
              }),
          Map.entry(
              "ListAlerts",
              () ->
                  assertThat(
                          service
                              .as(intruder)
                              .listAlerts(
                                  ListAlertsRequest.newBuilder()
                                      .setDeviceId(freezer.getDeviceId())
                                      .build())
                              .getAlertsList())
                      .isEmpty()),
          Map.entry(
              "GetAlert",
              () ->
                  notFound(
                      () ->
                          service
                              .as(intruder)
                              .getAlert(
                                  GetAlertRequest.newBuilder()
                                      .setAlertId(alert.getAlertId())
                                      .build()),
                      "ALERT_NOT_FOUND")),
          Map.entry(
              "AcknowledgeAlert",
              () -> {
                notFound(
                    () ->
                        service
                            .as(intruder)
                            .acknowledgeAlert(
                                AcknowledgeAlertRequest.newBuilder()
                                    .setAlertId(alert.getAlertId())
                                    .build()),
                    "ALERT_NOT_FOUND");
                assertThat(ownersView(alert).getState()).isEqualTo(AlertState.ALERT_STATE_ACTIVE);
              }),
          Map.entry("WatchAlerts", ObjectLevelAuthorizationIT::anotherCustomersWatchSeesNothing));

  static Stream<String> rpcs() {
    return TelemetryServiceGrpc.getServiceDescriptor().getMethods().stream()
        .map(MethodDescriptor::getBareMethodName);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rpcs")
  void another_customers_ids_are_not_found_change_nothing_and_emit_nothing(String rpc)
      throws Exception {
    assertThat(CASES).as("an authorization case for %s", rpc).containsKey(rpc);
    long eventsBefore = service.outboxEvents();

    CASES.get(rpc).run();

    assertThat(service.outboxEvents()).as("events after %s", rpc).isEqualTo(eventsBefore);
  }

  @Test
  void every_case_names_an_rpc_of_the_service() {
    assertThat(rpcs()).containsExactlyInAnyOrderElementsOf(CASES.keySet());
  }

  @Test
  void a_device_cannot_ingest_for_another_device_even_of_its_own_customer() throws Exception {
    var asFridge = service.env.tokens().device(fridge.getDeviceId());
    long before = readingsOf(freezer);
    long eventsBefore = service.outboxEvents();

    var unary =
        failure(
            () ->
                service
                    .as(asFridge)
                    .recordReading(
                        RecordReadingRequest.newBuilder()
                            .setReading(temperature(freezer, Instant.now(), -18))
                            .build()));
    var streamed =
        service.stream(
            asFridge,
            List.of(
                StreamReadingsRequest.newBuilder()
                    .addReadings(temperature(freezer, Instant.now(), -18))
                    .addReadings(temperature(fridge, Instant.now(), 4))
                    .build()));

    assertThat(ErrorDetails.code(unary)).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(streamed.getAcceptedCount()).isEqualTo(1);
    assertThat(streamed.getRejectedSamplesList())
        .singleElement()
        .satisfies(
            sample -> {
              assertThat(sample.getIndex()).isZero();
              assertThat(sample.getReason())
                  .isEqualTo(ReadingRejectReason.READING_REJECT_REASON_UNKNOWN_DEVICE);
            });
    assertThat(readingsOf(freezer)).isEqualTo(before);
    assertThat(service.outboxEvents())
        .as("the fridge's first temperature only")
        .isEqualTo(eventsBefore + 1);
  }

  private static void createRuleAsIntruder(String customer, String deviceId) {
    service
        .as(intruder)
        .createAlertRule(
            CreateAlertRuleRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setAlertRule(
                    AlertRule.newBuilder()
                        .setCustomerId(customer)
                        .setDeviceId(deviceId)
                        .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
                        .setNoData(
                            dev.fieldops.telemetry.v1.NoDataCondition.newBuilder()
                                .setSilence(Duration.newBuilder().setSeconds(600))))
                .build());
  }

  private static Device ownersView(Device device) {
    return service
        .as(service.customer(owner))
        .getDevice(GetDeviceRequest.newBuilder().setDeviceId(device.getDeviceId()).build())
        .getDevice();
  }

  private static AlertRule ownersView(AlertRule rule) {
    return service
        .as(service.customer(owner))
        .getAlertRule(GetAlertRuleRequest.newBuilder().setRuleId(rule.getRuleId()).build())
        .getAlertRule();
  }

  private static Alert ownersView(Alert alert) {
    return service
        .as(service.customer(owner))
        .getAlert(GetAlertRequest.newBuilder().setAlertId(alert.getAlertId()).build())
        .getAlert();
  }

  /**
   * The intruder watches the owner's device (subscribed first, so the feed has passed it by when
   * the operator's watch, subscribed second, receives the change) and gets nothing.
   */
  private static void anotherCustomersWatchSeesNothing() throws InterruptedException {
    var byDevice =
        WatchAlertsRequest.newBuilder().setDeviceId(watchedFreezer.getDeviceId()).build();
    var intruders = AlertWatch.open(service, intruder, byDevice);
    var everything = AlertWatch.open(service, intruder, WatchAlertsRequest.getDefaultInstance());
    var operators = AlertWatch.open(service, service.operator(), byDevice);
    try {
      service.report(watchedFreezer, Instant.now().minusSeconds(30), -9.75);
      var seenByOperator = operators.next();
      assertThat(seenByOperator.getAlert().getDeviceId()).isEqualTo(watchedFreezer.getDeviceId());
      assertThat(intruders.changes.poll(1, java.util.concurrent.TimeUnit.SECONDS)).isNull();
      assertThat(everything.changes).isEmpty();
    } finally {
      intruders.cancel();
      everything.cancel();
      operators.cancel();
    }
  }
}
