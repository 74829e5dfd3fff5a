package dev.fieldops.telemetry.adapter.grpc;

import static dev.fieldops.telemetry.adapter.proto.TelemetryProtos.instant;

import dev.fieldops.grpc.FieldPaths;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.telemetry.adapter.proto.TelemetryProtos;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.reading.TimeRange;
import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.Direction;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import dev.fieldops.telemetry.v1.AlertRule;
import dev.fieldops.telemetry.v1.AlertSeverity;
import dev.fieldops.telemetry.v1.QueryReadingsRequest;
import dev.fieldops.telemetry.v1.ThresholdDirection;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The parts of {@code TelemetryService} requests that need more than a parse call to become the
 * domain's values. A field the API leaves optional maps to an empty value here; a field it requires
 * fails with {@code INVALID_ARGUMENT} naming the field's path in the request.
 */
final class TelemetryRequests {

  private TelemetryRequests() {}

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
                    TelemetryProtos.duration(r.getWindow()),
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
                    TelemetryProtos.duration(s.getDuration()),
                    s.hasCriticalLevel()
                        ? OptionalDouble.of(s.getCriticalLevel())
                        : OptionalDouble.empty()));
      }
      case NO_DATA -> {
        var n = sent.getNoData();
        yield onCondition(
            () ->
                new Condition.NoData(
                    TelemetryProtos.duration(n.getSilence()),
                    n.hasCriticalSilence()
                        ? Optional.of(TelemetryProtos.duration(n.getCriticalSilence()))
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
        ? Optional.of(TelemetryProtos.duration(sent.getEscalateAfter()))
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
        ? Optional.of(TelemetryProtos.duration(request.getAggregation().getBucketWidth()))
        : Optional.empty();
  }

  static InvalidInputException invalid(String reason, String field, String description) {
    return InvalidInputException.of(reason, field, description);
  }
}
