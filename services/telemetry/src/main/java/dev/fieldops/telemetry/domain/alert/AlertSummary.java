package dev.fieldops.telemetry.domain.alert;

import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.Direction;
import java.time.Duration;
import java.util.Locale;

/**
 * The one-line description of an alert that people read in lists, watches, events and the subjects
 * of support tickets opened from alerts, e.g. "Freezer 3, back store: -9.5 °C is above -15.0 °C".
 *
 * <p>It is written once, when the alert is raised, from the device, the rule's condition and the
 * breach that raised it, and stored with the alert: the API ({@code Alert.summary}) and every event
 * ({@code AlertRaised.summary}, {@code AlertEscalated.summary}) carry that same text, and neither a
 * later peak, an escalation nor a change of the rule rewrites it (severity, peak and last value
 * have fields of their own).
 */
public final class AlertSummary {

  private AlertSummary() {}

  /**
   * The summary of an alert raised on {@code device} by {@code rule}.
   *
   * @param measure the condition's measure of the breach that raised it (see {@link Condition})
   */
  public static String of(DeviceProfile device, AlertRule rule, double measure) {
    var metric = rule.metric();
    var what =
        switch (rule.condition()) {
          case Condition.Threshold t ->
              "%s is %s %s"
                  .formatted(
                      value(metric, measure), side(t.direction()), value(metric, t.raiseLevel()));
          case Condition.Sustained s ->
              "%s has stayed %s %s for %s"
                  .formatted(
                      value(metric, measure),
                      side(s.direction()),
                      value(metric, s.level()),
                      duration(s.duration()));
          case Condition.RateOfChange r ->
              "%s changed by %s within %s (more than %s)"
                  .formatted(
                      quantity(metric),
                      value(metric, measure),
                      duration(r.window()),
                      value(metric, r.maxDelta()));
          case Condition.NoData n ->
              "no %s reading for %s".formatted(quantity(metric), duration(n.silence()));
        };
    return device.displayName() + ": " + what;
  }

  private static String side(Direction direction) {
    return switch (direction) {
      case ABOVE -> "above";
      case BELOW -> "below";
    };
  }

  private static String quantity(Metric metric) {
    return switch (metric) {
      case TEMPERATURE_CELSIUS -> "temperature";
      case HUMIDITY_PERCENT -> "humidity";
    };
  }

  /** One decimal and the unit: {@code -9.5 °C}, {@code 80.0 %}. */
  private static String value(Metric metric, double value) {
    var unit =
        switch (metric) {
          case TEMPERATURE_CELSIUS -> " °C";
          case HUMIDITY_PERCENT -> " %";
        };
    return String.format(Locale.ROOT, "%.1f", value) + unit;
  }

  /** In the largest whole unit: {@code 2 d}, {@code 6 h}, {@code 15 min}, {@code 90 s}. */
  static String duration(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds % 86_400 == 0) {
      return seconds / 86_400 + " d";
    }
    if (seconds % 3_600 == 0) {
      return seconds / 3_600 + " h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + " min";
    }
    return seconds + " s";
  }
}
