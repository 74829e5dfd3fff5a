package dev.fieldops.telemetry.component;

import static dev.fieldops.telemetry.component.RunningTelemetry.temperature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.FieldMask;
import dev.fieldops.kernel.Principal.Role;
import dev.fieldops.telemetry.v1.AcknowledgeAlertRequest;
import dev.fieldops.telemetry.v1.AggregateFunction;
import dev.fieldops.telemetry.v1.AlertChangeType;
import dev.fieldops.telemetry.v1.AlertClearReason;
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
import dev.fieldops.telemetry.v1.NoDataCondition;
import dev.fieldops.telemetry.v1.QueryReadingsRequest;
import dev.fieldops.telemetry.v1.Reading;
import dev.fieldops.telemetry.v1.ReadingAggregation;
import dev.fieldops.telemetry.v1.ReadingRejectCount;
import dev.fieldops.telemetry.v1.ReadingRejectReason;
import dev.fieldops.telemetry.v1.RecordReadingRequest;
import dev.fieldops.telemetry.v1.RegisterDeviceRequest;
import dev.fieldops.telemetry.v1.RejectedReading;
import dev.fieldops.telemetry.v1.StreamReadingsRequest;
import dev.fieldops.telemetry.v1.StreamReadingsResponse;
import dev.fieldops.telemetry.v1.ThresholdCondition;
import dev.fieldops.telemetry.v1.ThresholdDirection;
import dev.fieldops.telemetry.v1.UpdateAlertRuleRequest;
import dev.fieldops.telemetry.v1.WatchAlertsRequest;
import dev.fieldops.test.grpc.ErrorDetails;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every RPC of the TelemetryService over a real socket, the way clients use them. */
class TelemetryServiceIT {

  private static final AtomicInteger CUSTOMERS = new AtomicInteger();
  private static RunningTelemetry service;

  @BeforeAll
  static void startService() throws Exception {
    service =
        RunningTelemetry.start(
            Map.of("TELEMETRY_WATCH_QUEUE", "5", "TELEMETRY_ESCALATION_SCAN_INTERVAL", "200ms"));
  }

  @AfterAll
  static void stopService() throws Exception {
    service.close();
  }

  private static String newCustomer() {
    return "cust-"
        + CUSTOMERS.incrementAndGet()
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Instant secondsAgo(long seconds) {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(seconds);
  }

  private static StatusRuntimeException failure(Runnable call) {
    return assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(call::run).actual();
  }

  private static AlertRule tooWarm(Device device) {
    return AlertRule.newBuilder()
        .setCustomerId(device.getCustomerId())
        .setDeviceId(device.getDeviceId())
        .setDisplayName("Freezer too warm")
        .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
        .setThreshold(
            ThresholdCondition.newBuilder()
                .setDirection(ThresholdDirection.THRESHOLD_DIRECTION_ABOVE)
                .setRaiseLevel(-15)
                .setClearLevel(-17))
        .build();
  }

  private static AlertRule createRule(String token, AlertRule rule) {
    return service
        .as(token)
        .createAlertRule(
            CreateAlertRuleRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setAlertRule(rule)
                .build())
        .getAlertRule();
  }

  // --- devices ---

  @Test
  void a_customer_registers_gets_lists_and_decommissions_its_devices() {
    var customer = newCustomer();
    var stub = service.as(service.customer(customer));
    var register =
        RegisterDeviceRequest.newBuilder()
            .setRequestId(UUID.randomUUID().toString())
            .setDevice(
                Device.newBuilder()
                    .setCustomerId(customer)
                    .setDisplayName("Server room 1")
                    .setKind(DeviceKind.DEVICE_KIND_SERVER_ROOM))
            .build();

    var registered = stub.registerDevice(register).getDevice();
    var retried = stub.registerDevice(register).getDevice();
    var reused =
        failure(
            () ->
                stub.registerDevice(
                    register.toBuilder()
                        .setDevice(register.getDevice().toBuilder().setDisplayName("Other"))
                        .build()));
    var freezer = service.freezerOf(customer);

    assertThat(registered.getState()).isEqualTo(DeviceState.DEVICE_STATE_ACTIVE);
    assertThat(registered.getDeadbandCelsius()).isEqualTo(0.5);
    assertThat(registered.getEtag()).isEqualTo("1");
    assertThat(retried).isEqualTo(registered);
    assertThat(ErrorDetails.code(reused)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.reason(reused)).isEqualTo("REQUEST_ID_REUSED");
    assertThat(
            stub.getDevice(
                    GetDeviceRequest.newBuilder().setDeviceId(registered.getDeviceId()).build())
                .getDevice())
        .isEqualTo(registered);

    var firstPage = stub.listDevices(ListDevicesRequest.newBuilder().setPageSize(1).build());
    var secondPage =
        stub.listDevices(
            ListDevicesRequest.newBuilder()
                .setPageSize(1)
                .setPageToken(firstPage.getNextPageToken())
                .build());
    var serverRooms =
        stub.listDevices(
            ListDevicesRequest.newBuilder()
                .setCustomerId(customer)
                .setKind(DeviceKind.DEVICE_KIND_SERVER_ROOM)
                .build());
    var badToken =
        failure(
            () ->
                stub.listDevices(
                    ListDevicesRequest.newBuilder()
                        .setPageSize(1)
                        .setKind(DeviceKind.DEVICE_KIND_FREEZER)
                        .setPageToken(firstPage.getNextPageToken())
                        .build()));
    assertThat(firstPage.getDevicesList())
        .extracting(Device::getDeviceId)
        .containsExactly(registered.getDeviceId());
    assertThat(secondPage.getDevicesList())
        .extracting(Device::getDeviceId)
        .containsExactly(freezer.getDeviceId());
    assertThat(secondPage.getNextPageToken()).isEmpty();
    assertThat(serverRooms.getDevicesList()).containsExactly(registered);
    assertThat(ErrorDetails.reason(badToken)).isEqualTo("INVALID_PAGE_TOKEN");

    var stale =
        failure(
            () ->
                stub.decommissionDevice(
                    DecommissionDeviceRequest.newBuilder()
                        .setDeviceId(freezer.getDeviceId())
                        .setEtag("7")
                        .build()));
    var decommissioned =
        stub.decommissionDevice(
                DecommissionDeviceRequest.newBuilder()
                    .setDeviceId(freezer.getDeviceId())
                    .setEtag(freezer.getEtag())
                    .build())
            .getDevice();
    long eventsAfter = service.outboxEvents();
    var again =
        stub.decommissionDevice(
                DecommissionDeviceRequest.newBuilder().setDeviceId(freezer.getDeviceId()).build())
            .getDevice();

    assertThat(ErrorDetails.code(stale)).isEqualTo(Status.Code.ABORTED);
    assertThat(ErrorDetails.reason(stale)).isEqualTo("ETAG_MISMATCH");
    assertThat(decommissioned.getState()).isEqualTo(DeviceState.DEVICE_STATE_DECOMMISSIONED);
    assertThat(decommissioned.hasDecommissionTime()).isTrue();
    assertThat(decommissioned.getEtag()).isEqualTo("2");
    assertThat(again).isEqualTo(decommissioned);
    assertThat(service.outboxEvents()).isEqualTo(eventsAfter);
    assertThat(
            service.count(
                "SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND subject LIKE"
                    + " 'telemetry.device.%'",
                freezer.getDeviceId()))
        .isEqualTo(2);
  }

  // --- readings ---

  @Test
  void a_reading_is_stored_once_and_a_bad_one_is_refused_with_its_reason() {
    var customer = newCustomer();
    var freezer = service.freezerOf(customer);
    var retired = service.freezerOf(customer);
    var stub = service.as(service.customer(customer));
    stub.decommissionDevice(
        DecommissionDeviceRequest.newBuilder().setDeviceId(retired.getDeviceId()).build());
    var observed = secondsAgo(30);
    Supplier<RecordReadingRequest.Builder> reading =
        () -> RecordReadingRequest.newBuilder().setReading(temperature(freezer, observed, -18.5));

    var first = stub.recordReading(reading.get().build());
    var second = stub.recordReading(reading.get().build());
    var outOfRange =
        failure(
            () ->
                stub.recordReading(
                    RecordReadingRequest.newBuilder()
                        .setReading(temperature(freezer, secondsAgo(20), 400))
                        .build()));
    var inFuture =
        failure(
            () ->
                stub.recordReading(
                    RecordReadingRequest.newBuilder()
                        .setReading(
                            temperature(freezer, Instant.now().plus(Duration.ofHours(1)), -18))
                        .build()));
    var tooOld =
        failure(
            () ->
                stub.recordReading(
                    RecordReadingRequest.newBuilder()
                        .setReading(
                            temperature(freezer, Instant.now().minus(Duration.ofDays(8)), -18))
                        .build()));
    var unknown =
        failure(
            () ->
                stub.recordReading(
                    RecordReadingRequest.newBuilder()
                        .setReading(temperature(UUID.randomUUID().toString(), observed, -18))
                        .build()));
    var decommissioned =
        failure(
            () ->
                stub.recordReading(
                    RecordReadingRequest.newBuilder()
                        .setReading(temperature(retired, observed, -18))
                        .build()));

    assertThat(first.getDuplicate()).isFalse();
    assertThat(second.getDuplicate()).isTrue();
    assertThat(
            service.count(
                "SELECT count(*) FROM reading WHERE device_id = ?::uuid", freezer.getDeviceId()))
        .isEqualTo(1);
    assertThat(ErrorDetails.code(outOfRange)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.reason(outOfRange)).isEqualTo("READING_OUT_OF_RANGE");
    assertThat(ErrorDetails.fieldViolationPaths(outOfRange)).containsExactly("reading.value");
    assertThat(ErrorDetails.reason(inFuture)).isEqualTo("READING_IN_FUTURE");
    assertThat(ErrorDetails.reason(tooOld)).isEqualTo("READING_TOO_OLD");
    assertThat(ErrorDetails.code(unknown)).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(ErrorDetails.reason(unknown)).isEqualTo("DEVICE_NOT_FOUND");
    assertThat(ErrorDetails.code(decommissioned)).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(ErrorDetails.reason(decommissioned)).isEqualTo("DEVICE_DECOMMISSIONED");
  }

  static StreamReadingsResponse stream(String token, List<StreamReadingsRequest> messages)
      throws Exception {
    return service.stream(token, messages);
  }

  @Test
  void a_stream_of_mixed_readings_is_counted_per_reason_and_never_fails() throws Exception {
    var customer = newCustomer();
    var freezer = service.freezerOf(customer);
    var retired = service.freezerOf(customer);
    var token = service.customer(customer);
    service
        .as(token)
        .decommissionDevice(
            DecommissionDeviceRequest.newBuilder().setDeviceId(retired.getDeviceId()).build());
    var alreadyStored = secondsAgo(100);
    service.report(freezer, alreadyStored, -18.0);
    var ninetyAgo = secondsAgo(90);

    var first =
        StreamReadingsRequest.newBuilder()
            .addReadings(temperature(freezer, ninetyAgo, -18.1)) // 0 accepted
            .addReadings(temperature(freezer, alreadyStored, -18.0)) // 1 duplicate (stored)
            .addReadings(temperature(UUID.randomUUID().toString(), secondsAgo(90), -18)) // 2
            .addReadings(temperature(retired, secondsAgo(90), -18)) // 3 decommissioned
            .addReadings(temperature(freezer, secondsAgo(80), 999)) // 4 out of range
            .addReadings(temperature(freezer, Instant.now().plus(Duration.ofHours(2)), -18)) // 5
            .addReadings(temperature(freezer, Instant.now().minus(Duration.ofDays(9)), -18)) // 6
            .build();
    var second =
        StreamReadingsRequest.newBuilder()
            .addReadings(temperature(freezer, secondsAgo(70), -18.2)) // 7 accepted
            .addReadings(
                temperature(freezer, secondsAgo(60), -18).toBuilder()
                    .setMetric(Metric.METRIC_UNSPECIFIED)
                    .build()) // 8 invalid
            .addReadings(temperature(freezer, secondsAgo(50), Double.NaN)) // 9 invalid
            .addReadings(
                Reading.newBuilder()
                    .setDeviceId(freezer.getDeviceId())
                    .setValue(1)
                    .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
                    .build()) // 10 invalid: no time
            .addReadings(temperature("not-a-uuid", secondsAgo(50), -18)) // 11 invalid
            .addReadings(temperature(freezer, ninetyAgo, -18.1)) // 12 duplicate (stream)
            .addReadings(temperature(freezer, secondsAgo(40), -18.3)) // 13 accepted
            .build();

    var outcome = stream(token, List.of(first, second));

    assertThat(outcome.getAcceptedCount()).isEqualTo(3);
    assertThat(outcome.getDuplicateCount()).isEqualTo(2);
    assertThat(outcome.getRejectedCount()).isEqualTo(9);
    assertThat(outcome.getRejectCountsList())
        .extracting(ReadingRejectCount::getReason, ReadingRejectCount::getCount)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                ReadingRejectReason.READING_REJECT_REASON_INVALID, 4L),
            org.assertj.core.groups.Tuple.tuple(
                ReadingRejectReason.READING_REJECT_REASON_UNKNOWN_DEVICE, 1L),
            org.assertj.core.groups.Tuple.tuple(
                ReadingRejectReason.READING_REJECT_REASON_DEVICE_DECOMMISSIONED, 1L),
            org.assertj.core.groups.Tuple.tuple(
                ReadingRejectReason.READING_REJECT_REASON_OUT_OF_RANGE, 1L),
            org.assertj.core.groups.Tuple.tuple(
                ReadingRejectReason.READING_REJECT_REASON_IN_FUTURE, 1L),
            org.assertj.core.groups.Tuple.tuple(
                ReadingRejectReason.READING_REJECT_REASON_TOO_OLD, 1L));
    assertThat(outcome.getRejectedSamplesList())
        .extracting(RejectedReading::getIndex)
        .containsExactly(2L, 3L, 4L, 5L, 6L, 8L, 9L, 10L, 11L);
    assertThat(outcome.getRejectedSamples(0).getDeviceId()).isNotEmpty();
    assertThat(outcome.getRejectedSamples(2).getReason())
        .isEqualTo(ReadingRejectReason.READING_REJECT_REASON_OUT_OF_RANGE);
    assertThat(
            service.count(
                "SELECT count(*) FROM reading WHERE device_id = ?::uuid", freezer.getDeviceId()))
        .isEqualTo(4);
  }

  @Test
  void a_long_stream_is_taken_in_batches_as_fast_as_it_comes() throws Exception {
    var customer = newCustomer();
    var devices = new ArrayList<Device>();
    for (int i = 0; i < 5; i++) {
      devices.add(service.freezerOf(customer));
    }
    var start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
    var messages = new ArrayList<StreamReadingsRequest>();
    int n = 0;
    for (int m = 0; m < 40; m++) {
      var message = StreamReadingsRequest.newBuilder();
      for (int i = 0; i < 500; i++, n++) {
        message.addReadings(
            temperature(devices.get(n % 5), start.plusMillis(n), -18 + (n % 3) * 0.1));
      }
      messages.add(message.build());
    }

    var outcome = stream(service.operator(), messages);

    assertThat(outcome.getAcceptedCount()).isEqualTo(20_000);
    assertThat(outcome.getRejectedCount()).isZero();
    assertThat(
            service.count(
                "SELECT count(*) FROM reading r JOIN device d USING (device_id) WHERE d.customer_id"
                    + " = ?",
                customer))
        .isEqualTo(20_000);
  }

  @Test
  void readings_come_back_raw_in_pages_and_summarized_per_bucket() {
    var customer = newCustomer();
    var freezer = service.freezerOf(customer);
    var start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
    for (int minute = 0; minute < 6; minute++) {
      service.report(freezer, start.plus(Duration.ofMinutes(minute * 10L)), -20.0 + minute);
    }
    var stub = service.as(service.customer(customer));
    var query =
        QueryReadingsRequest.newBuilder()
            .setDeviceId(freezer.getDeviceId())
            .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
            .setStartTime(RunningTelemetryTimes.timestamp(start))
            .setEndTime(RunningTelemetryTimes.timestamp(start.plus(Duration.ofHours(1))));

    var firstPage = stub.queryReadings(query.setPageSize(4).build());
    var secondPage =
        stub.queryReadings(query.setPageSize(4).setPageToken(firstPage.getNextPageToken()).build());
    var halfHours =
        stub.queryReadings(
            query
                .clearPageToken()
                .setPageSize(1)
                .setAggregation(
                    ReadingAggregation.newBuilder()
                        .setBucketWidth(com.google.protobuf.Duration.newBuilder().setSeconds(1800))
                        .addFunctions(AggregateFunction.AGGREGATE_FUNCTION_MIN)
                        .addFunctions(AggregateFunction.AGGREGATE_FUNCTION_COUNT))
                .build());
    var nextHalfHour = stub.queryReadings(query.setPageToken(halfHours.getNextPageToken()).build());

    assertThat(firstPage.getPointsList())
        .extracting(p -> p.getValue())
        .containsExactly(-20.0, -19.0, -18.0, -17.0);
    assertThat(secondPage.getPointsList())
        .extracting(p -> p.getValue())
        .containsExactly(-16.0, -15.0);
    assertThat(secondPage.getNextPageToken()).isEmpty();
    assertThat(halfHours.getBucketsList())
        .singleElement()
        .satisfies(
            bucket -> {
              assertThat(bucket.getMin()).isEqualTo(-20.0);
              assertThat(bucket.getCount()).isEqualTo(3);
              assertThat(bucket.hasMax()).isFalse();
              assertThat(bucket.hasAvg()).isFalse();
            });
    assertThat(nextHalfHour.getBucketsList())
        .singleElement()
        .satisfies(bucket -> assertThat(bucket.getMin()).isEqualTo(-17.0));
    assertThat(nextHalfHour.getNextPageToken()).isEmpty();
  }

  // --- rules ---

  @Test
  void rules_are_created_once_listed_per_device_changed_by_mask_and_deleted() {
    var customer = newCustomer();
    var freezer = service.freezerOf(customer);
    var token = service.customer(customer);
    var stub = service.as(token);
    var create =
        CreateAlertRuleRequest.newBuilder()
            .setRequestId(UUID.randomUUID().toString())
            .setAlertRule(tooWarm(freezer).toBuilder().clearDisplayName())
            .build();

    var rule = stub.createAlertRule(create).getAlertRule();
    var retried = stub.createAlertRule(create).getAlertRule();
    var everywhere =
        createRule(
            token,
            AlertRule.newBuilder()
                .setCustomerId(customer)
                .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
                .setSeverity(AlertSeverity.ALERT_SEVERITY_CRITICAL)
                .setNoData(
                    NoDataCondition.newBuilder()
                        .setSilence(com.google.protobuf.Duration.newBuilder().setSeconds(900)))
                .build());

    assertThat(rule.getDisplayName()).isEqualTo("Temperature above -15.0 °C");
    assertThat(rule.getSeverity()).isEqualTo(AlertSeverity.ALERT_SEVERITY_WARNING);
    assertThat(rule.getEnabled()).isTrue();
    assertThat(rule.getThreshold().getClearLevel()).isEqualTo(-17);
    assertThat(rule.getEtag()).isEqualTo("1");
    assertThat(retried).isEqualTo(rule);
    assertThat(everywhere.getDeviceId()).isEmpty();
    assertThat(
            stub.listAlertRules(
                    ListAlertRulesRequest.newBuilder().setDeviceId(freezer.getDeviceId()).build())
                .getAlertRulesList())
        .extracting(AlertRule::getRuleId)
        .containsExactly(rule.getRuleId(), everywhere.getRuleId());

    var stale =
        failure(
            () ->
                stub.updateAlertRule(
                    UpdateAlertRuleRequest.newBuilder()
                        .setAlertRule(rule.toBuilder().setDisplayName("x").setEtag("5"))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("display_name"))
                        .build()));
    var updated =
        stub.updateAlertRule(
                UpdateAlertRuleRequest.newBuilder()
                    .setAlertRule(
                        rule.toBuilder()
                            .setDisplayName("Too warm")
                            .setThreshold(rule.getThreshold().toBuilder().setRaiseLevel(-12)))
                    .setUpdateMask(
                        FieldMask.newBuilder().addPaths("display_name").addPaths("threshold"))
                    .build())
            .getAlertRule();
    stub.deleteAlertRule(
        DeleteAlertRuleRequest.newBuilder()
            .setRuleId(everywhere.getRuleId())
            .setEtag(everywhere.getEtag())
            .build());
    var gone =
        failure(
            () ->
                stub.getAlertRule(
                    GetAlertRuleRequest.newBuilder().setRuleId(everywhere.getRuleId()).build()));

    assertThat(ErrorDetails.code(stale)).isEqualTo(Status.Code.ABORTED);
    assertThat(updated.getDisplayName()).isEqualTo("Too warm");
    assertThat(updated.getThreshold().getRaiseLevel()).isEqualTo(-12);
    assertThat(updated.getEtag()).isEqualTo("2");
    assertThat(
            stub.getAlertRule(GetAlertRuleRequest.newBuilder().setRuleId(rule.getRuleId()).build())
                .getAlertRule())
        .isEqualTo(updated);
    assertThat(ErrorDetails.code(gone)).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(ErrorDetails.reason(gone)).isEqualTo("ALERT_RULE_NOT_FOUND");
  }

  // --- alerts ---

  @Test
  void a_rules_escalation_delay_is_set_on_create_returned_changed_and_removed_by_mask() {
    var customer = newCustomer();
    var freezer = service.freezerOf(customer);
    var token = service.customer(customer);
    var stub = service.as(token);
    var tenMinutes = com.google.protobuf.Duration.newBuilder().setSeconds(600).build();

    var rule = createRule(token, tooWarm(freezer).toBuilder().setEscalateAfter(tenMinutes).build());
    var got =
        stub.getAlertRule(GetAlertRuleRequest.newBuilder().setRuleId(rule.getRuleId()).build())
            .getAlertRule();
    var listed =
        stub.listAlertRules(ListAlertRulesRequest.newBuilder().setCustomerId(customer).build())
            .getAlertRules(0);
    var changed =
        stub.updateAlertRule(
                UpdateAlertRuleRequest.newBuilder()
                    .setAlertRule(
                        rule.toBuilder()
                            .setEscalateAfter(
                                com.google.protobuf.Duration.newBuilder().setSeconds(3600)))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("escalate_after"))
                    .build())
            .getAlertRule();
    var removed =
        stub.updateAlertRule(
                UpdateAlertRuleRequest.newBuilder()
                    .setAlertRule(changed.toBuilder().clearEscalateAfter())
                    .setUpdateMask(FieldMask.newBuilder().addPaths("escalate_after"))
                    .build())
            .getAlertRule();
    var onACriticalRule =
        failure(
            () ->
                createRule(
                    token,
                    tooWarm(freezer).toBuilder()
                        .setSeverity(AlertSeverity.ALERT_SEVERITY_CRITICAL)
                        .setEscalateAfter(tenMinutes)
                        .build()));
    var tooShort =
        failure(
            () ->
                createRule(
                    token,
                    tooWarm(freezer).toBuilder()
                        .setEscalateAfter(com.google.protobuf.Duration.newBuilder().setSeconds(30))
                        .build()));

    assertThat(rule.getEscalateAfter()).isEqualTo(tenMinutes);
    assertThat(got.getEscalateAfter()).isEqualTo(tenMinutes);
    assertThat(listed.getEscalateAfter()).isEqualTo(tenMinutes);
    assertThat(changed.getEscalateAfter().getSeconds()).isEqualTo(3600);
    assertThat(changed.getEtag()).isEqualTo("2");
    assertThat(removed.hasEscalateAfter()).isFalse();
    assertThat(removed.getEtag()).isEqualTo("3");
    assertThat(ErrorDetails.code(onACriticalRule)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.reason(onACriticalRule)).isEqualTo("INVALID_ALERT_RULE");
    assertThat(ErrorDetails.fieldViolationPaths(onACriticalRule))
        .containsExactly("alert_rule.escalate_after");
    assertThat(ErrorDetails.code(tooShort)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.fieldViolationPaths(tooShort))
        .containsExactly("alert_rule.escalate_after");
  }

  @Test
  void a_warning_alert_left_active_past_its_rules_delay_escalates_once_and_watchers_see_it()
      throws Exception {
    var customer = newCustomer();
    var freezer = service.freezerOf(customer);
    var token = service.customer(customer);
    var stub = service.as(token);
    createRule(
        token,
        tooWarm(freezer).toBuilder()
            .setEscalateAfter(com.google.protobuf.Duration.newBuilder().setSeconds(60))
            .build());
    var watch =
        AlertWatch.open(
            service,
            token,
            WatchAlertsRequest.newBuilder()
                .setDeviceId(freezer.getDeviceId())
                .setMinSeverity(AlertSeverity.ALERT_SEVERITY_CRITICAL)
                .build());
    service.report(freezer, secondsAgo(60), -10.0);
    var raised =
        stub.listAlerts(ListAlertsRequest.newBuilder().setDeviceId(freezer.getDeviceId()).build())
            .getAlerts(0);

    // Instead of waiting a minute: the scan compares raise time + delay with the clock.
    service.backdateAlert(raised.getAlertId(), Duration.ofSeconds(61));
    var escalated = watch.next();
    watch.cancel();
    var got =
        stub.getAlert(GetAlertRequest.newBuilder().setAlertId(raised.getAlertId()).build())
            .getAlert();

    assertThat(raised.getSeverity()).isEqualTo(AlertSeverity.ALERT_SEVERITY_WARNING);
    assertThat(escalated.getChangeType()).isEqualTo(AlertChangeType.ALERT_CHANGE_TYPE_ESCALATED);
    assertThat(escalated.getAlert().getAlertId()).isEqualTo(raised.getAlertId());
    assertThat(escalated.getAlert().getSeverity()).isEqualTo(AlertSeverity.ALERT_SEVERITY_CRITICAL);
    assertThat(got.getSeverity()).isEqualTo(AlertSeverity.ALERT_SEVERITY_CRITICAL);
    assertThat(got.getState()).isEqualTo(AlertState.ALERT_STATE_ACTIVE);
    assertThat(got.hasEscalateTime()).isTrue();
    assertThat(got.getSummary()).isEqualTo(raised.getSummary());
    assertThat(got).isEqualTo(escalated.getAlert());
    assertThat(
            service.count(
                "SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND subject ="
                    + " 'telemetry.alert.escalated'",
                raised.getAlertId()))
        .isEqualTo(1);
  }

  @Test
  void an_acknowledged_alert_does_not_escalate_past_its_rules_delay() {
    var customer = newCustomer();
    var freezer = service.freezerOf(customer);
    var token = service.customer(customer);
    var stub = service.as(token);
    var fridge = service.freezerOf(customer);
    var delay = com.google.protobuf.Duration.newBuilder().setSeconds(60).build();
    createRule(token, tooWarm(freezer).toBuilder().setEscalateAfter(delay).build());
    createRule(token, tooWarm(fridge).toBuilder().setEscalateAfter(delay).build());
    service.report(freezer, secondsAgo(60), -10.0);
    service.report(fridge, secondsAgo(60), -10.0);
    var acknowledged = openAlertOf(stub, freezer);
    var active = openAlertOf(stub, fridge);
    stub.acknowledgeAlert(AcknowledgeAlertRequest.newBuilder().setAlertId(acknowledged).build());

    service.backdateAlert(acknowledged, Duration.ofSeconds(61));
    service.backdateAlert(active, Duration.ofSeconds(61));
    // The active one escalating shows that the scan has looked at both.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                stub.getAlert(GetAlertRequest.newBuilder().setAlertId(active).build())
                        .getAlert()
                        .getSeverity()
                    == AlertSeverity.ALERT_SEVERITY_CRITICAL);

    var stillWarning =
        stub.getAlert(GetAlertRequest.newBuilder().setAlertId(acknowledged).build()).getAlert();
    assertThat(stillWarning.getSeverity()).isEqualTo(AlertSeverity.ALERT_SEVERITY_WARNING);
    assertThat(stillWarning.getState()).isEqualTo(AlertState.ALERT_STATE_ACKNOWLEDGED);
  }

  private static String openAlertOf(
      dev.fieldops.telemetry.v1.TelemetryServiceGrpc.TelemetryServiceBlockingStub stub,
      Device device) {
    return stub.listAlerts(
            ListAlertsRequest.newBuilder()
                .setDeviceId(device.getDeviceId())
                .setOpenOnly(true)
                .build())
        .getAlerts(0)
        .getAlertId();
  }

  @Test
  void a_watcher_sees_an_alert_raised_acknowledged_once_and_cleared() throws Exception {
    var customer = newCustomer();
    var freezer = service.freezerOf(customer);
    var token = service.customer(customer);
    var stub = service.as(token);
    var rule = createRule(token, tooWarm(freezer));
    var watch =
        AlertWatch.open(
            service,
            token,
            WatchAlertsRequest.newBuilder().setDeviceId(freezer.getDeviceId()).build());

    service.report(freezer, secondsAgo(60), -10.0);
    var raised = watch.next();
    var alertId = raised.getAlert().getAlertId();
    var acknowledged =
        stub.acknowledgeAlert(
                AcknowledgeAlertRequest.newBuilder()
                    .setAlertId(alertId)
                    .setNote("technician on the way")
                    .setEtag(raised.getAlert().getEtag())
                    .build())
            .getAlert();
    var seenAcknowledged = watch.next();
    long eventsBefore = service.outboxEvents();
    var acknowledgedAgain =
        stub.acknowledgeAlert(AcknowledgeAlertRequest.newBuilder().setAlertId(alertId).build())
            .getAlert();
    long eventsAfterRepeat = service.outboxEvents();
    service.report(freezer, secondsAgo(30), -18.0);
    var cleared = watch.next();
    var late =
        failure(
            () ->
                stub.acknowledgeAlert(
                    AcknowledgeAlertRequest.newBuilder().setAlertId(alertId).build()));
    watch.cancel();

    assertThat(raised.getChangeType()).isEqualTo(AlertChangeType.ALERT_CHANGE_TYPE_RAISED);
    assertThat(raised.getAlert().getRuleId()).isEqualTo(rule.getRuleId());
    assertThat(raised.getAlert().getFirstValue()).isEqualTo(-10.0);
    assertThat(raised.getAlert().getSummary()).contains("-10.0 °C");
    assertThat(acknowledged.getState()).isEqualTo(AlertState.ALERT_STATE_ACKNOWLEDGED);
    assertThat(acknowledged.getAcknowledgeNote()).isEqualTo("technician on the way");
    assertThat(acknowledged.getAcknowledgedBy()).isEqualTo("customer-" + customer);
    assertThat(seenAcknowledged.getChangeType())
        .isEqualTo(AlertChangeType.ALERT_CHANGE_TYPE_ACKNOWLEDGED);
    assertThat(acknowledgedAgain).isEqualTo(acknowledged);
    assertThat(eventsAfterRepeat).isEqualTo(eventsBefore);
    assertThat(cleared.getChangeType()).isEqualTo(AlertChangeType.ALERT_CHANGE_TYPE_CLEARED);
    assertThat(cleared.getAlert().getClearReason())
        .isEqualTo(AlertClearReason.ALERT_CLEAR_REASON_CONDITION_ENDED);
    assertThat(ErrorDetails.code(late)).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(ErrorDetails.reason(late)).isEqualTo("ALERT_CLEARED");
    assertThat(
            stub.getAlert(GetAlertRequest.newBuilder().setAlertId(alertId).build())
                .getAlert()
                .getState())
        .isEqualTo(AlertState.ALERT_STATE_CLEARED);
    assertThat(
            stub.listAlerts(ListAlertsRequest.newBuilder().setOpenOnly(true).build())
                .getAlertsList())
        .isEmpty();
    assertThat(
            stub.listAlerts(
                    ListAlertsRequest.newBuilder().setState(AlertState.ALERT_STATE_CLEARED).build())
                .getAlertsList())
        .extracting(a -> a.getAlertId())
        .containsExactly(alertId);
  }

  @Test
  void alerts_are_listed_newest_first_in_pages_that_hold_while_alerts_are_raised() {
    var customer = newCustomer();
    var token = service.customer(customer);
    var stub = service.as(token);
    var raised = new ArrayList<String>();
    for (int i = 0; i < 5; i++) {
      raised.add(raiseAnAlertOnANewFreezer(customer, token));
    }
    var request = ListAlertsRequest.newBuilder().setCustomerId(customer).setPageSize(2).build();

    var page = stub.listAlerts(request);
    var seen = new ArrayList<String>();
    var raisedWhilePaging = new ArrayList<String>();
    page.getAlertsList().forEach(a -> seen.add(a.getAlertId()));
    while (!page.getNextPageToken().isEmpty()) {
      raisedWhilePaging.add(raiseAnAlertOnANewFreezer(customer, token));
      page = stub.listAlerts(request.toBuilder().setPageToken(page.getNextPageToken()).build());
      page.getAlertsList().forEach(a -> seen.add(a.getAlertId()));
    }
    var firstPageNow = stub.listAlerts(request).getAlertsList();

    assertThat(seen).containsExactlyElementsOf(raised.reversed());
    assertThat(raisedWhilePaging).hasSize(2);
    assertThat(firstPageNow)
        .extracting(a -> a.getAlertId())
        .containsExactlyElementsOf(raisedWhilePaging.reversed());
  }

  /** A new freezer of the customer goes above its rule's level; returns the alert's id. */
  private static String raiseAnAlertOnANewFreezer(String customer, String token) {
    var freezer = service.freezerOf(customer);
    createRule(token, tooWarm(freezer));
    service.report(freezer, secondsAgo(60), -10.0);
    return service
        .as(token)
        .listAlerts(ListAlertsRequest.newBuilder().setDeviceId(freezer.getDeviceId()).build())
        .getAlerts(0)
        .getAlertId();
  }

  @Test
  void a_warning_alert_escalates_to_critical_when_the_value_passes_the_rules_critical_level() {
    var customer = newCustomer();
    var freezer = service.freezerOf(customer);
    var token = service.customer(customer);
    var stub = service.as(token);
    var rule =
        createRule(
            token,
            tooWarm(freezer).toBuilder()
                .setSeverity(AlertSeverity.ALERT_SEVERITY_WARNING)
                .setThreshold(tooWarm(freezer).getThreshold().toBuilder().setCriticalLevel(-8))
                .build());

    service.report(freezer, secondsAgo(60), -12.0);
    var warning =
        stub.listAlerts(
                ListAlertsRequest.newBuilder()
                    .setDeviceId(freezer.getDeviceId())
                    .setOpenOnly(true)
                    .build())
            .getAlerts(0);
    service.report(freezer, secondsAgo(30), -4.0);
    var escalated =
        stub.getAlert(GetAlertRequest.newBuilder().setAlertId(warning.getAlertId()).build())
            .getAlert();

    assertThat(rule.getThreshold().getCriticalLevel()).isEqualTo(-8.0);
    assertThat(warning.getSeverity()).isEqualTo(AlertSeverity.ALERT_SEVERITY_WARNING);
    assertThat(escalated.getSeverity()).isEqualTo(AlertSeverity.ALERT_SEVERITY_CRITICAL);
    assertThat(escalated.getState()).isEqualTo(AlertState.ALERT_STATE_ACTIVE);
    assertThat(escalated.getPeakValue()).isEqualTo(-4.0);
  }

  @Test
  void a_critical_level_on_the_safe_side_of_the_raise_level_is_refused() {
    var customer = newCustomer();
    var freezer = service.freezerOf(customer);
    var token = service.customer(customer);
    var refused =
        failure(
            () ->
                createRule(
                    token,
                    tooWarm(freezer).toBuilder()
                        .setThreshold(
                            tooWarm(freezer).getThreshold().toBuilder().setCriticalLevel(-20))
                        .build()));

    assertThat(ErrorDetails.code(refused)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.fieldViolationPaths(refused))
        .anyMatch(path -> path.contains("critical"));
  }

  @Test
  void a_watcher_that_falls_behind_is_ended_with_resource_exhausted() throws Exception {
    var customer = newCustomer();
    var freezer = service.freezerOf(customer);
    var token = service.customer(customer);
    createRule(token, tooWarm(freezer));
    var watch =
        AlertWatch.open(
            service, token, WatchAlertsRequest.newBuilder().setCustomerId(customer).build());
    var flapping = StreamReadingsRequest.newBuilder();
    var start = secondsAgo(600);
    for (int i = 0; i < 30; i++) {
      flapping.addReadings(temperature(freezer, start.plusSeconds(i), i % 2 == 0 ? -10 : -20));
    }

    stream(token, List.of(flapping.build()));

    var end = watch.end.get(20, TimeUnit.SECONDS);
    assertThat(end.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> service.wiring().alertFeed().watcherCount() == 0);
  }

  @Test
  void callers_are_held_to_the_method_policy() {
    var customer = newCustomer();
    var freezer = service.freezerOf(customer);
    var get = GetDeviceRequest.newBuilder().setDeviceId(freezer.getDeviceId()).build();
    var tokens = service.env.tokens();

    var asDevice = failure(() -> service.as(tokens.device(freezer.getDeviceId())).getDevice(get));
    var asSupportAgent = failure(() -> service.as(tokens.staff(Role.SUPPORT_AGENT)).getDevice(get));
    var supportServiceLists =
        failure(
            () ->
                service
                    .as(tokens.service("support"))
                    .listDevices(ListDevicesRequest.getDefaultInstance()));
    var seenBySupport = service.as(tokens.service("support")).getDevice(get).getDevice();
    var seenByAdmin = service.as(tokens.admin()).getDevice(get).getDevice();

    assertThat(ErrorDetails.code(asDevice)).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(ErrorDetails.code(asSupportAgent)).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(ErrorDetails.code(supportServiceLists)).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(seenBySupport).isEqualTo(freezer);
    assertThat(seenByAdmin).isEqualTo(freezer);
  }
}
