package dev.fieldops.telemetry.adapter.postgres;

import static dev.fieldops.telemetry.adapter.postgres.JsonColumn.required;

import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.ConditionKind;
import dev.fieldops.telemetry.domain.rule.Direction;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jooq.JSONB;

/**
 * A rule's condition parameters as the {@code alert_rule.condition} document. The kind is a column
 * of its own ({@code condition_kind}), so the document holds one kind's parameters, named as below;
 * absent optional levels are left out.
 */
final class ConditionJson {

  private record Threshold(
      String direction, Double raiseLevel, Double clearLevel, Double criticalLevel) {}

  private record RateOfChange(Double maxDelta, Duration windowMicros, Double criticalDelta) {}

  private record Sustained(
      String direction, Double level, Duration durationMicros, Double criticalLevel) {}

  private record NoData(Duration silenceMicros, Duration criticalSilenceMicros) {}

  private ConditionJson() {}

  static JSONB write(Condition condition) {
    return JsonColumn.write(
        switch (condition) {
          case Condition.Threshold t ->
              new Threshold(
                  t.direction().name(), t.raiseLevel(), t.clearLevel(), orNull(t.criticalLevel()));
          case Condition.RateOfChange r ->
              new RateOfChange(r.maxDelta(), r.window(), orNull(r.criticalDelta()));
          case Condition.Sustained s ->
              new Sustained(
                  s.direction().name(), s.level(), s.duration(), orNull(s.criticalLevel()));
          case Condition.NoData n -> new NoData(n.silence(), n.criticalSilence().orElse(null));
        });
  }

  static Condition read(ConditionKind kind, JSONB stored) {
    return switch (kind) {
      case THRESHOLD -> {
        var json = JsonColumn.read(stored, Threshold.class);
        yield new Condition.Threshold(
            direction(json.direction()),
            required(json.raiseLevel(), "raiseLevel"),
            required(json.clearLevel(), "clearLevel"),
            optional(json.criticalLevel()));
      }
      case RATE_OF_CHANGE -> {
        var json = JsonColumn.read(stored, RateOfChange.class);
        yield new Condition.RateOfChange(
            required(json.maxDelta(), "maxDelta"),
            required(json.windowMicros(), "windowMicros"),
            optional(json.criticalDelta()));
      }
      case SUSTAINED -> {
        var json = JsonColumn.read(stored, Sustained.class);
        yield new Condition.Sustained(
            direction(json.direction()),
            required(json.level(), "level"),
            required(json.durationMicros(), "durationMicros"),
            optional(json.criticalLevel()));
      }
      case NO_DATA -> {
        var json = JsonColumn.read(stored, NoData.class);
        yield new Condition.NoData(
            required(json.silenceMicros(), "silenceMicros"),
            Optional.ofNullable(json.criticalSilenceMicros()));
      }
    };
  }

  private static Direction direction(String name) {
    return Direction.valueOf(required(name, "direction"));
  }

  private static Double orNull(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : null;
  }

  private static OptionalDouble optional(Double value) {
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
