package dev.fieldops.telemetry.adapter.postgres;

import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.ConditionKind;
import dev.fieldops.telemetry.domain.rule.Direction;
import java.util.OptionalDouble;
import org.jooq.JSONB;

/** A rule's condition parameters as the {@code alert_rule.condition} document. */
final class ConditionJson {

  private ConditionJson() {}

  static JSONB write(Condition condition) {
    var json = JsonDocument.create();
    switch (condition) {
      case Condition.Threshold t -> {
        json.put("direction", t.direction().name())
            .put("raiseLevel", t.raiseLevel())
            .put("clearLevel", t.clearLevel())
            .putIfPresent("criticalLevel", t.criticalLevel());
      }
      case Condition.RateOfChange r -> {
        json.put("maxDelta", r.maxDelta())
            .putMicros("windowMicros", r.window())
            .putIfPresent("criticalDelta", r.criticalDelta());
      }
      case Condition.Sustained s -> {
        json.put("direction", s.direction().name())
            .put("level", s.level())
            .putMicros("durationMicros", s.duration())
            .putIfPresent("criticalLevel", s.criticalLevel());
      }
      case Condition.NoData n -> {
        json.putMicros("silenceMicros", n.silence());
        n.criticalSilence().ifPresent(c -> json.putMicros("criticalSilenceMicros", c));
      }
    }
    return json.toJsonb();
  }

  static Condition read(ConditionKind kind, JSONB stored) {
    var json = JsonDocument.parse(stored);
    return switch (kind) {
      case THRESHOLD ->
          new Condition.Threshold(
              Direction.valueOf(json.string("direction")),
              json.number("raiseLevel"),
              json.number("clearLevel"),
              optional(json, "criticalLevel"));
      case RATE_OF_CHANGE ->
          new Condition.RateOfChange(
              json.number("maxDelta"),
              json.durationMicros("windowMicros"),
              optional(json, "criticalDelta"));
      case SUSTAINED ->
          new Condition.Sustained(
              Direction.valueOf(json.string("direction")),
              json.number("level"),
              json.durationMicros("durationMicros"),
              optional(json, "criticalLevel"));
      case NO_DATA ->
          new Condition.NoData(
              json.durationMicros("silenceMicros"),
              json.optionalDurationMicros("criticalSilenceMicros"));
    };
  }

  private static OptionalDouble optional(JsonDocument json, String name) {
    return json.optionalNumber(name);
  }
}
