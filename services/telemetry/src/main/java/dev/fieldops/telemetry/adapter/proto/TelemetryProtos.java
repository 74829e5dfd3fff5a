package dev.fieldops.telemetry.adapter.proto;

import static dev.fieldops.grpc.ProtoTimes.duration;
import static dev.fieldops.grpc.ProtoTimes.timestamp;

import dev.fieldops.grpc.Etags;
import dev.fieldops.telemetry.application.query.ReadingsPage;
import dev.fieldops.telemetry.domain.alert.AlertData;
import dev.fieldops.telemetry.domain.alert.AlertState;
import dev.fieldops.telemetry.domain.alert.ClearCause;
import dev.fieldops.telemetry.domain.alert.EscalationCause;
import dev.fieldops.telemetry.domain.device.DeviceData;
import dev.fieldops.telemetry.domain.device.DeviceKind;
import dev.fieldops.telemetry.domain.device.DeviceState;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.reading.ReadingBucket;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.ConditionKind;
import dev.fieldops.telemetry.domain.rule.Direction;
import dev.fieldops.telemetry.domain.rule.RuleTarget;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.v1.AggregateFunction;
import dev.fieldops.telemetry.v1.Alert;
import dev.fieldops.telemetry.v1.AlertClearReason;
import dev.fieldops.telemetry.v1.AlertEscalationCause;
import dev.fieldops.telemetry.v1.AlertSeverity;
import dev.fieldops.telemetry.v1.Device;
import dev.fieldops.telemetry.v1.NoDataCondition;
import dev.fieldops.telemetry.v1.QueryReadingsResponse;
import dev.fieldops.telemetry.v1.RateOfChangeCondition;
import dev.fieldops.telemetry.v1.ReadingPoint;
import dev.fieldops.telemetry.v1.SustainedCondition;
import dev.fieldops.telemetry.v1.ThresholdCondition;
import dev.fieldops.telemetry.v1.ThresholdDirection;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Telemetry's domain in the contract's terms, for the gRPC and the NATS adapters: values and back
 * (the unspecified proto values map to empty), and the API's resources built from the views the
 * handlers return. The etag is the aggregate's version as a decimal string, the same in all
 * FieldOps services ({@link dev.fieldops.grpc.Etags}, which also reads back what a client sends).
 */
public final class TelemetryProtos {

  private TelemetryProtos() {}

  public static dev.fieldops.telemetry.v1.Metric metric(Metric metric) {
    return switch (metric) {
      case TEMPERATURE_CELSIUS -> dev.fieldops.telemetry.v1.Metric.METRIC_TEMPERATURE_CELSIUS;
      case HUMIDITY_PERCENT -> dev.fieldops.telemetry.v1.Metric.METRIC_HUMIDITY_PERCENT;
    };
  }

  public static Optional<Metric> metric(dev.fieldops.telemetry.v1.Metric metric) {
    return switch (metric) {
      case METRIC_TEMPERATURE_CELSIUS -> Optional.of(Metric.TEMPERATURE_CELSIUS);
      case METRIC_HUMIDITY_PERCENT -> Optional.of(Metric.HUMIDITY_PERCENT);
      case METRIC_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
    };
  }

  public static AlertSeverity severity(Severity severity) {
    return switch (severity) {
      case WARNING -> AlertSeverity.ALERT_SEVERITY_WARNING;
      case CRITICAL -> AlertSeverity.ALERT_SEVERITY_CRITICAL;
    };
  }

  public static Optional<Severity> severity(AlertSeverity severity) {
    return switch (severity) {
      case ALERT_SEVERITY_WARNING -> Optional.of(Severity.WARNING);
      case ALERT_SEVERITY_CRITICAL -> Optional.of(Severity.CRITICAL);
      case ALERT_SEVERITY_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
    };
  }

  public static dev.fieldops.telemetry.v1.DeviceKind kind(DeviceKind kind) {
    return switch (kind) {
      case COLD_ROOM -> dev.fieldops.telemetry.v1.DeviceKind.DEVICE_KIND_COLD_ROOM;
      case FREEZER -> dev.fieldops.telemetry.v1.DeviceKind.DEVICE_KIND_FREEZER;
      case FRIDGE -> dev.fieldops.telemetry.v1.DeviceKind.DEVICE_KIND_FRIDGE;
      case SERVER_ROOM -> dev.fieldops.telemetry.v1.DeviceKind.DEVICE_KIND_SERVER_ROOM;
      case OTHER -> dev.fieldops.telemetry.v1.DeviceKind.DEVICE_KIND_OTHER;
    };
  }

  public static Optional<DeviceKind> kind(dev.fieldops.telemetry.v1.DeviceKind kind) {
    return switch (kind) {
      case DEVICE_KIND_COLD_ROOM -> Optional.of(DeviceKind.COLD_ROOM);
      case DEVICE_KIND_FREEZER -> Optional.of(DeviceKind.FREEZER);
      case DEVICE_KIND_FRIDGE -> Optional.of(DeviceKind.FRIDGE);
      case DEVICE_KIND_SERVER_ROOM -> Optional.of(DeviceKind.SERVER_ROOM);
      case DEVICE_KIND_OTHER -> Optional.of(DeviceKind.OTHER);
      case DEVICE_KIND_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
    };
  }

  public static dev.fieldops.telemetry.v1.DeviceState deviceState(DeviceState state) {
    return switch (state) {
      case ACTIVE -> dev.fieldops.telemetry.v1.DeviceState.DEVICE_STATE_ACTIVE;
      case DECOMMISSIONED -> dev.fieldops.telemetry.v1.DeviceState.DEVICE_STATE_DECOMMISSIONED;
    };
  }

  public static Optional<DeviceState> deviceState(dev.fieldops.telemetry.v1.DeviceState state) {
    return switch (state) {
      case DEVICE_STATE_ACTIVE -> Optional.of(DeviceState.ACTIVE);
      case DEVICE_STATE_DECOMMISSIONED -> Optional.of(DeviceState.DECOMMISSIONED);
      case DEVICE_STATE_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
    };
  }

  public static dev.fieldops.telemetry.v1.AlertState alertState(AlertState state) {
    return switch (state) {
      case ACTIVE -> dev.fieldops.telemetry.v1.AlertState.ALERT_STATE_ACTIVE;
      case ACKNOWLEDGED -> dev.fieldops.telemetry.v1.AlertState.ALERT_STATE_ACKNOWLEDGED;
      case CLEARED -> dev.fieldops.telemetry.v1.AlertState.ALERT_STATE_CLEARED;
    };
  }

  public static Optional<AlertState> alertState(dev.fieldops.telemetry.v1.AlertState state) {
    return switch (state) {
      case ALERT_STATE_ACTIVE -> Optional.of(AlertState.ACTIVE);
      case ALERT_STATE_ACKNOWLEDGED -> Optional.of(AlertState.ACKNOWLEDGED);
      case ALERT_STATE_CLEARED -> Optional.of(AlertState.CLEARED);
      case ALERT_STATE_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
    };
  }

  public static AlertClearReason clearReason(ClearCause cause) {
    return switch (cause) {
      case CONDITION_ENDED -> AlertClearReason.ALERT_CLEAR_REASON_CONDITION_ENDED;
      case RULE_DISABLED -> AlertClearReason.ALERT_CLEAR_REASON_RULE_DISABLED;
      case RULE_DELETED -> AlertClearReason.ALERT_CLEAR_REASON_RULE_DELETED;
      case DEVICE_DECOMMISSIONED -> AlertClearReason.ALERT_CLEAR_REASON_DEVICE_DECOMMISSIONED;
    };
  }

  public static AlertEscalationCause escalationCause(EscalationCause cause) {
    return switch (cause) {
      case CRITICAL_LEVEL -> AlertEscalationCause.ALERT_ESCALATION_CAUSE_CRITICAL_LEVEL;
      case ACTIVE_TOO_LONG -> AlertEscalationCause.ALERT_ESCALATION_CAUSE_ACTIVE_TOO_LONG;
    };
  }

  // ---- API resources ---------------------------------------------------------------------

  public static String etag(long version) {
    return Etags.of(version);
  }

  public static Device device(DeviceData device) {
    var view =
        Device.newBuilder()
            .setDeviceId(device.id().toString())
            .setCustomerId(device.customerId().value())
            .setDisplayName(device.displayName())
            .setLocation(device.location())
            .setKind(kind(device.kind()))
            .setState(deviceState(device.state()))
            .setDeadbandCelsius(device.deadbandCelsius())
            .setEtag(etag(device.version()))
            .setCreateTime(timestamp(device.registerTime()))
            .setUpdateTime(timestamp(device.updateTime()));
    device.decommissionTime().ifPresent(time -> view.setDecommissionTime(timestamp(time)));
    return view.build();
  }

  public static dev.fieldops.telemetry.v1.AlertRule rule(AlertRule rule) {
    var view =
        dev.fieldops.telemetry.v1.AlertRule.newBuilder()
            .setRuleId(rule.id().toString())
            .setCustomerId(rule.customerId().value())
            .setDisplayName(rule.displayName())
            .setMetric(metric(rule.metric()))
            .setSeverity(severity(rule.severity()))
            .setEnabled(rule.enabled())
            .setEtag(etag(rule.version()))
            .setCreateTime(timestamp(rule.createTime()))
            .setUpdateTime(timestamp(rule.updateTime()));
    if (rule.target() instanceof RuleTarget.SingleDevice single) {
      view.setDeviceId(single.deviceId().toString());
    }
    rule.escalateAfter().ifPresent(delay -> view.setEscalateAfter(duration(delay)));
    switch (rule.condition()) {
      case Condition.Threshold t -> {
        var threshold =
            ThresholdCondition.newBuilder()
                .setDirection(direction(t.direction()))
                .setRaiseLevel(t.raiseLevel())
                .setClearLevel(t.clearLevel());
        t.criticalLevel().ifPresent(threshold::setCriticalLevel);
        view.setThreshold(threshold);
      }
      case Condition.RateOfChange r -> {
        var rate =
            RateOfChangeCondition.newBuilder()
                .setMaxDelta(r.maxDelta())
                .setWindow(duration(r.window()));
        r.criticalDelta().ifPresent(rate::setCriticalDelta);
        view.setRateOfChange(rate);
      }
      case Condition.Sustained s -> {
        var sustained =
            SustainedCondition.newBuilder()
                .setDirection(direction(s.direction()))
                .setLevel(s.level())
                .setDuration(duration(s.duration()));
        s.criticalLevel().ifPresent(sustained::setCriticalLevel);
        view.setSustained(sustained);
      }
      case Condition.NoData n -> {
        var noData = NoDataCondition.newBuilder().setSilence(duration(n.silence()));
        n.criticalSilence().ifPresent(c -> noData.setCriticalSilence(duration(c)));
        view.setNoData(noData);
      }
    }
    return view.build();
  }

  public static Alert alert(AlertData alert) {
    var view =
        Alert.newBuilder()
            .setAlertId(alert.id().toString())
            .setDeviceId(alert.deviceId().toString())
            .setCustomerId(alert.customerId().value())
            .setRuleId(alert.ruleId().toString())
            .setMetric(metric(alert.metric()))
            .setSeverity(severity(alert.severity()))
            .setState(alertState(alert.state()))
            .setSummary(alert.summary())
            .setRaiseTime(timestamp(alert.firstBreachTime()))
            .setLastBreachTime(timestamp(alert.lastBreachTime()))
            .setAcknowledgeNote(alert.acknowledgeNote())
            .setEtag(etag(alert.version()))
            .setUpdateTime(timestamp(alert.updateTime()));
    if (alert.conditionKind() != ConditionKind.NO_DATA) {
      view.setFirstValue(alert.raiseValue())
          .setPeakValue(alert.peakValue())
          .setLastValue(alert.lastValue());
    }
    alert.escalateTime().ifPresent(time -> view.setEscalateTime(timestamp(time)));
    alert.acknowledgeTime().ifPresent(time -> view.setAcknowledgeTime(timestamp(time)));
    alert.acknowledgedBy().ifPresent(view::setAcknowledgedBy);
    alert.clearTime().ifPresent(time -> view.setClearTime(timestamp(time)));
    alert.clearCause().ifPresent(cause -> view.setClearReason(clearReason(cause)));
    return view.build();
  }

  public static ThresholdDirection direction(Direction direction) {
    return switch (direction) {
      case ABOVE -> ThresholdDirection.THRESHOLD_DIRECTION_ABOVE;
      case BELOW -> ThresholdDirection.THRESHOLD_DIRECTION_BELOW;
    };
  }

  /**
   * A page of readings as {@code QueryReadings} answers: points, or buckets that carry only the
   * aggregate functions the caller asked for.
   */
  public static QueryReadingsResponse readings(
      ReadingsPage page, Collection<AggregateFunction> functions, String nextPageToken) {
    var asked = Set.copyOf(functions);
    var response = QueryReadingsResponse.newBuilder().setNextPageToken(nextPageToken);
    page.points().forEach(reading -> response.addPoints(point(reading)));
    page.buckets().forEach(bucket -> response.addBuckets(bucket(bucket, asked)));
    return response.build();
  }

  public static ReadingPoint point(Reading reading) {
    return ReadingPoint.newBuilder()
        .setObserveTime(timestamp(reading.observeTime()))
        .setValue(reading.value())
        .build();
  }

  public static dev.fieldops.telemetry.v1.ReadingBucket bucket(
      ReadingBucket bucket, Set<AggregateFunction> functions) {
    var view =
        dev.fieldops.telemetry.v1.ReadingBucket.newBuilder()
            .setStartTime(timestamp(bucket.bucketStart()));
    if (functions.contains(AggregateFunction.AGGREGATE_FUNCTION_MIN)) {
      view.setMin(bucket.min());
    }
    if (functions.contains(AggregateFunction.AGGREGATE_FUNCTION_MAX)) {
      view.setMax(bucket.max());
    }
    if (functions.contains(AggregateFunction.AGGREGATE_FUNCTION_AVG)) {
      view.setAvg(bucket.avg());
    }
    if (functions.contains(AggregateFunction.AGGREGATE_FUNCTION_COUNT)) {
      view.setCount(bucket.count());
    }
    return view.build();
  }
}
