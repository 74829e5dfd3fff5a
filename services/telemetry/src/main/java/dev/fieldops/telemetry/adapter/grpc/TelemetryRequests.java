package dev.fieldops.telemetry.adapter.grpc;

import static dev.fieldops.grpc.ProtoTimes.instant;

import dev.fieldops.grpc.Etags;
import dev.fieldops.grpc.FieldPaths;
import dev.fieldops.grpc.ProtoTimes;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.adapter.proto.TelemetryProtos;
import dev.fieldops.telemetry.application.command.AcknowledgeAlert;
import dev.fieldops.telemetry.application.command.CreateAlertRule;
import dev.fieldops.telemetry.application.command.DecommissionDevice;
import dev.fieldops.telemetry.application.command.DeleteAlertRule;
import dev.fieldops.telemetry.application.command.RegisterDevice;
import dev.fieldops.telemetry.application.command.UpdateAlertRule;
import dev.fieldops.telemetry.application.query.QueryReadings;
import dev.fieldops.telemetry.application.query.WatchAlerts;
import dev.fieldops.telemetry.domain.alert.AlertFilter;
import dev.fieldops.telemetry.domain.alert.AlertId;
import dev.fieldops.telemetry.domain.alert.AlertState;
import dev.fieldops.telemetry.domain.device.DeviceFilter;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.reading.ReadingSubmission;
import dev.fieldops.telemetry.domain.reading.TimeRange;
import dev.fieldops.telemetry.domain.rule.AlertRuleFilter;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.Direction;
import dev.fieldops.telemetry.domain.rule.RuleTarget;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import dev.fieldops.telemetry.v1.AcknowledgeAlertRequest;
import dev.fieldops.telemetry.v1.AlertRule;
import dev.fieldops.telemetry.v1.AlertSeverity;
import dev.fieldops.telemetry.v1.CreateAlertRuleRequest;
import dev.fieldops.telemetry.v1.DecommissionDeviceRequest;
import dev.fieldops.telemetry.v1.DeleteAlertRuleRequest;
import dev.fieldops.telemetry.v1.ListAlertRulesRequest;
import dev.fieldops.telemetry.v1.ListAlertsRequest;
import dev.fieldops.telemetry.v1.ListDevicesRequest;
import dev.fieldops.telemetry.v1.QueryReadingsRequest;
import dev.fieldops.telemetry.v1.RecordReadingRequest;
import dev.fieldops.telemetry.v1.RegisterDeviceRequest;
import dev.fieldops.telemetry.v1.ThresholdDirection;
import dev.fieldops.telemetry.v1.UpdateAlertRuleRequest;
import dev.fieldops.telemetry.v1.WatchAlertsRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code TelemetryService} requests as the application's commands and queries. A field the API
 * leaves optional maps to an empty value or the API's default here; a field it requires fails with
 * {@code INVALID_ARGUMENT} naming the field's path in the request. The principal is the caller's.
 */
final class TelemetryRequests {

  private TelemetryRequests() {}

  // ---------------------------------------------------------------- devices

  /** A device registered without a deadband gets {@code defaultDeadbandCelsius}. */
  static RegisterDevice registerDevice(
      Principal caller, RegisterDeviceRequest request, double defaultDeadbandCelsius) {
    var sent = request.getDevice();
    return new RegisterDevice(
        caller,
        CustomerId.parse(sent.getCustomerId(), "device.customer_id"),
        sent.getDisplayName(),
        sent.getLocation(),
        TelemetryProtos.kind(sent.getKind())
            .orElseThrow(() -> invalid("INVALID_DEVICE", "device.kind", "must be specified")),
        Optional.of(
            sent.getDeadbandCelsius() == 0 ? defaultDeadbandCelsius : sent.getDeadbandCelsius()));
  }

  static DecommissionDevice decommissionDevice(
      Principal caller, DecommissionDeviceRequest request) {
    return new DecommissionDevice(
        caller,
        DeviceId.parse(request.getDeviceId(), "device_id"),
        Etags.expectedVersion(request.getEtag(), "etag"));
  }

  static DeviceFilter deviceFilter(ListDevicesRequest request) {
    return new DeviceFilter(
        customer(request.getCustomerId(), "customer_id"),
        TelemetryProtos.deviceState(request.getState()),
        TelemetryProtos.kind(request.getKind()));
  }

  /** What a page token of {@code ListDevices} is bound to, besides the caller's scope. */
  static List<String> tokenFilter(ListDevicesRequest request) {
    return List.of(
        "ListDevices",
        request.getCustomerId(),
        request.getState().name(),
        request.getKind().name());
  }

  // ---------------------------------------------------------------- readings

  /**
   * The one reading of {@code RecordReading}; a reading that breaks a field rule is refused whole
   * ({@code INVALID_READING} at {@code reading}), as in a stream.
   */
  static ReadingSubmission reading(RecordReadingRequest request) {
    var reading = request.getReading();
    var broken = ReadingIngestStream.brokenFieldRule(reading);
    if (broken != null) {
      throw invalid("INVALID_READING", "reading", broken);
    }
    return new ReadingSubmission(
        reading.getDeviceId(),
        TelemetryProtos.metric(reading.getMetric()).orElseThrow(),
        reading.getValue(),
        instant(reading.getObserveTime()));
  }

  static QueryReadings queryReadings(
      Principal caller, QueryReadingsRequest request, PageRequest page) {
    return new QueryReadings(
        caller,
        DeviceId.parse(request.getDeviceId(), "device_id"),
        metric(request),
        range(request),
        bucketWidth(request),
        page);
  }

  /** What a page token of {@code QueryReadings} is bound to, besides the caller's scope. */
  static List<String> tokenFilter(QueryReadingsRequest request) {
    // In the order the query reads them, so a request with several errors reports the same one.
    DeviceId.parse(request.getDeviceId(), "device_id");
    var metric = metric(request);
    var range = range(request);
    return List.of(
        "QueryReadings",
        request.getDeviceId(),
        metric.name(),
        range.from().toString(),
        range.to().toString(),
        request.getAggregation().toString());
  }

  // ---------------------------------------------------------------- rules

  static CreateAlertRule createAlertRule(Principal caller, CreateAlertRuleRequest request) {
    var sent = request.getAlertRule();
    var metric =
        TelemetryProtos.metric(sent.getMetric())
            .orElseThrow(
                () -> invalid("INVALID_ALERT_RULE", "alert_rule.metric", "must be specified"));
    var condition = condition(sent);
    return new CreateAlertRule(
        caller,
        CustomerId.parse(sent.getCustomerId(), "alert_rule.customer_id"),
        sent.getDeviceId().isEmpty()
            ? new RuleTarget.AllCustomerDevices()
            : new RuleTarget.SingleDevice(
                DeviceId.parse(sent.getDeviceId(), "alert_rule.device_id")),
        sent.getDisplayName(),
        metric,
        TelemetryProtos.severity(sent.getSeverity()).orElse(Severity.WARNING),
        escalateAfter(sent),
        !sent.hasEnabled() || sent.getEnabled(),
        condition);
  }

  /** The fields the update mask names; at most one of them a condition. */
  static UpdateAlertRule updateAlertRule(Principal caller, UpdateAlertRuleRequest request) {
    var sent = request.getAlertRule();
    var revision = dev.fieldops.telemetry.domain.rule.AlertRule.Revision.none();
    var conditionPaths = new ArrayList<String>();
    for (String path : request.getUpdateMask().getPathsList()) {
      switch (path) {
        case "display_name" -> revision = revision.withDisplayName(sent.getDisplayName());
        case "severity" ->
            revision =
                revision.withSeverity(
                    TelemetryProtos.severity(sent.getSeverity())
                        .orElseThrow(
                            () ->
                                invalid(
                                    "INVALID_ALERT_RULE",
                                    "alert_rule.severity",
                                    "must be specified")));
        case "enabled" -> revision = revision.withEnabled(sent.getEnabled());
        case "escalate_after" -> revision = revision.withEscalateAfter(escalateAfter(sent));
        case "threshold", "rate_of_change", "sustained", "no_data" -> conditionPaths.add(path);
        default -> throw invalid("INVALID_UPDATE_MASK", "update_mask", "cannot change " + path);
      }
    }
    if (conditionPaths.size() > 1) {
      throw invalid(
          "INVALID_UPDATE_MASK", "update_mask", "names more than one condition: " + conditionPaths);
    }
    if (!conditionPaths.isEmpty()) {
      revision = revision.withCondition(condition(sent));
    }
    return new UpdateAlertRule(
        caller,
        AlertRuleId.parse(sent.getRuleId(), "alert_rule.rule_id"),
        Etags.expectedVersion(sent.getEtag(), "alert_rule.etag"),
        revision);
  }

  static DeleteAlertRule deleteAlertRule(Principal caller, DeleteAlertRuleRequest request) {
    return new DeleteAlertRule(
        caller,
        AlertRuleId.parse(request.getRuleId(), "rule_id"),
        Etags.expectedVersion(request.getEtag(), "etag"));
  }

  static AlertRuleFilter ruleFilter(ListAlertRulesRequest request) {
    return new AlertRuleFilter(
        customer(request.getCustomerId(), "customer_id"),
        Optional.empty(),
        device(request.getDeviceId(), "device_id"));
  }

  /** What a page token of {@code ListAlertRules} is bound to, besides the caller's scope. */
  static List<String> tokenFilter(ListAlertRulesRequest request) {
    return List.of("ListAlertRules", request.getCustomerId(), request.getDeviceId());
  }

  // ---------------------------------------------------------------- alerts

  static AlertFilter alertFilter(ListAlertsRequest request) {
    Set<AlertState> states =
        request.getOpenOnly()
            ? Set.of(AlertState.ACTIVE, AlertState.ACKNOWLEDGED)
            : TelemetryProtos.alertState(request.getState()).map(Set::of).orElse(Set.of());
    return new AlertFilter(
        customer(request.getCustomerId(), "customer_id"),
        device(request.getDeviceId(), "device_id"),
        request.getRuleId().isEmpty()
            ? Optional.empty()
            : Optional.of(AlertRuleId.parse(request.getRuleId(), "rule_id")),
        states,
        atLeast(request.getMinSeverity()));
  }

  /** What a page token of {@code ListAlerts} is bound to, besides the caller's scope. */
  static List<String> tokenFilter(ListAlertsRequest request) {
    return List.of(
        "ListAlerts",
        request.getCustomerId(),
        request.getDeviceId(),
        request.getRuleId(),
        request.getState().name(),
        Boolean.toString(request.getOpenOnly()),
        request.getMinSeverity().name());
  }

  static AcknowledgeAlert acknowledgeAlert(Principal caller, AcknowledgeAlertRequest request) {
    return new AcknowledgeAlert(
        caller,
        AlertId.parse(request.getAlertId(), "alert_id"),
        Etags.expectedVersion(request.getEtag(), "etag"),
        request.getNote());
  }

  static WatchAlerts watchAlerts(Principal caller, WatchAlertsRequest request) {
    return new WatchAlerts(
        caller,
        customer(request.getCustomerId(), "customer_id"),
        device(request.getDeviceId(), "device_id"),
        atLeast(request.getMinSeverity()));
  }

  // ---------------------------------------------------------------- parts

  /** The rule's one condition. */
  static Condition condition(AlertRule sent) {
    return switch (sent.getConditionCase()) {
      case THRESHOLD -> {
        var t = sent.getThreshold();
        var direction = direction(t.getDirection(), "alert_rule.threshold.direction");
        yield onCondition(
            () ->
                new Condition.Threshold(
                    direction,
                    t.getRaiseLevel(),
                    t.hasClearLevel() ? t.getClearLevel() : t.getRaiseLevel(),
                    t.hasCriticalLevel()
                        ? OptionalDouble.of(t.getCriticalLevel())
                        : OptionalDouble.empty()));
      }
      case RATE_OF_CHANGE -> {
        var r = sent.getRateOfChange();
        yield onCondition(
            () ->
                new Condition.RateOfChange(
                    r.getMaxDelta(),
                    ProtoTimes.duration(r.getWindow()),
                    r.hasCriticalDelta()
                        ? OptionalDouble.of(r.getCriticalDelta())
                        : OptionalDouble.empty()));
      }
      case SUSTAINED -> {
        var s = sent.getSustained();
        var direction = direction(s.getDirection(), "alert_rule.sustained.direction");
        yield onCondition(
            () ->
                new Condition.Sustained(
                    direction,
                    s.getLevel(),
                    ProtoTimes.duration(s.getDuration()),
                    s.hasCriticalLevel()
                        ? OptionalDouble.of(s.getCriticalLevel())
                        : OptionalDouble.empty()));
      }
      case NO_DATA -> {
        var n = sent.getNoData();
        yield onCondition(
            () ->
                new Condition.NoData(
                    ProtoTimes.duration(n.getSilence()),
                    n.hasCriticalSilence()
                        ? Optional.of(ProtoTimes.duration(n.getCriticalSilence()))
                        : Optional.empty()));
      }
      case CONDITION_NOT_SET ->
          throw invalid("INVALID_ALERT_RULE", "alert_rule", "needs one condition");
    };
  }

  /**
   * Builds a condition, reporting the fields it names under the rule's condition ({@code
   * threshold.clear_level} → {@code alert_rule.condition.threshold.clear_level}).
   */
  private static Condition onCondition(Supplier<Condition> build) {
    return FieldPaths.underResource("alert_rule.condition.", Set.of(), build);
  }

  private static Direction direction(ThresholdDirection direction, String field) {
    return switch (direction) {
      case THRESHOLD_DIRECTION_ABOVE -> Direction.ABOVE;
      case THRESHOLD_DIRECTION_BELOW -> Direction.BELOW;
      case THRESHOLD_DIRECTION_UNSPECIFIED, UNRECOGNIZED ->
          throw invalid("INVALID_ALERT_RULE", field, "must be specified");
    };
  }

  /** The rule's escalation delay; unset means none (on update: remove it). */
  static Optional<Duration> escalateAfter(AlertRule sent) {
    return sent.hasEscalateAfter()
        ? Optional.of(ProtoTimes.duration(sent.getEscalateAfter()))
        : Optional.empty();
  }

  /** The API's minimum severity as the domain's filter: WARNING is every alert. */
  static Optional<Severity> atLeast(AlertSeverity minimum) {
    return TelemetryProtos.severity(minimum).filter(severity -> severity == Severity.CRITICAL);
  }

  /** An optional customer filter: empty means every customer the caller may see. */
  static Optional<CustomerId> customer(String sent, String field) {
    return sent.isEmpty() ? Optional.empty() : Optional.of(CustomerId.parse(sent, field));
  }

  /** An optional device filter: empty means every device the caller may see. */
  static Optional<DeviceId> device(String sent, String field) {
    return sent.isEmpty() ? Optional.empty() : Optional.of(DeviceId.parse(sent, field));
  }

  /** The metric a readings query asks for; the API requires one. */
  static Metric metric(QueryReadingsRequest request) {
    return TelemetryProtos.metric(request.getMetric())
        .orElseThrow(() -> invalid("INVALID_READING_QUERY", "metric", "must be specified"));
  }

  /** The observe-time range a readings query covers. */
  static TimeRange range(QueryReadingsRequest request) {
    return new TimeRange(instant(request.getStartTime()), instant(request.getEndTime()));
  }

  /** The bucket width of an aggregated readings query; empty asks for raw points. */
  static Optional<Duration> bucketWidth(QueryReadingsRequest request) {
    return request.hasAggregation()
        ? Optional.of(ProtoTimes.duration(request.getAggregation().getBucketWidth()))
        : Optional.empty();
  }

  static InvalidInputException invalid(String reason, String field, String description) {
    return InvalidInputException.of(reason, field, description);
  }
}
