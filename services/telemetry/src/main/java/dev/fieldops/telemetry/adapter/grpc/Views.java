package dev.fieldops.telemetry.adapter.grpc;

import static dev.fieldops.telemetry.adapter.proto.TelemetryProtos.alertState;
import static dev.fieldops.telemetry.adapter.proto.TelemetryProtos.clearReason;
import static dev.fieldops.telemetry.adapter.proto.TelemetryProtos.deviceState;
import static dev.fieldops.telemetry.adapter.proto.TelemetryProtos.duration;
import static dev.fieldops.telemetry.adapter.proto.TelemetryProtos.kind;
import static dev.fieldops.telemetry.adapter.proto.TelemetryProtos.metric;
import static dev.fieldops.telemetry.adapter.proto.TelemetryProtos.severity;
import static dev.fieldops.telemetry.adapter.proto.TelemetryProtos.timestamp;

import dev.fieldops.grpc.Etags;
import dev.fieldops.telemetry.application.query.ReadingsPage;
import dev.fieldops.telemetry.domain.alert.AlertData;
import dev.fieldops.telemetry.domain.device.DeviceData;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.reading.ReadingBucket;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.ConditionKind;
import dev.fieldops.telemetry.domain.rule.Direction;
import dev.fieldops.telemetry.domain.rule.RuleTarget;
import dev.fieldops.telemetry.v1.AggregateFunction;
import dev.fieldops.telemetry.v1.Alert;
import dev.fieldops.telemetry.v1.Device;
import dev.fieldops.telemetry.v1.NoDataCondition;
import dev.fieldops.telemetry.v1.QueryReadingsResponse;
import dev.fieldops.telemetry.v1.RateOfChangeCondition;
import dev.fieldops.telemetry.v1.ReadingPoint;
import dev.fieldops.telemetry.v1.SustainedCondition;
import dev.fieldops.telemetry.v1.ThresholdCondition;
import dev.fieldops.telemetry.v1.ThresholdDirection;
import java.util.Collection;
import java.util.Set;

/**
 * Domain objects as the API shows them. The etag is the aggregate's version as a decimal string,
 * the same in all FieldOps services ({@link Etags}, which also reads back what a client sends).
 */
final class Views {

  private Views() {}

  static String etag(long version) {
    return Etags.of(version);
  }

  static Device device(DeviceData device) {
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

  static dev.fieldops.telemetry.v1.AlertRule rule(AlertRule rule) {
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

  static Alert alert(AlertData alert) {
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

  static ThresholdDirection direction(Direction direction) {
    return switch (direction) {
      case ABOVE -> ThresholdDirection.THRESHOLD_DIRECTION_ABOVE;
      case BELOW -> ThresholdDirection.THRESHOLD_DIRECTION_BELOW;
    };
  }

  /**
   * A page of readings as {@code QueryReadings} answers: points, or buckets that carry only the
   * aggregate functions the caller asked for.
   */
  static QueryReadingsResponse readings(
      ReadingsPage page, Collection<AggregateFunction> functions, String nextPageToken) {
    var asked = Set.copyOf(functions);
    var response = QueryReadingsResponse.newBuilder().setNextPageToken(nextPageToken);
    page.points().forEach(reading -> response.addPoints(point(reading)));
    page.buckets().forEach(bucket -> response.addBuckets(bucket(bucket, asked)));
    return response.build();
  }

  static ReadingPoint point(Reading reading) {
    return ReadingPoint.newBuilder()
        .setObserveTime(timestamp(reading.observeTime()))
        .setValue(reading.value())
        .build();
  }

  static dev.fieldops.telemetry.v1.ReadingBucket bucket(
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
