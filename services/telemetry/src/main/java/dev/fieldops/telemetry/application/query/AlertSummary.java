package dev.fieldops.telemetry.application.query;

import dev.fieldops.telemetry.domain.alert.AlertData;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.rule.ConditionKind;
import java.util.Locale;

/**
 * The one-line description of an alert that people read in lists, notifications and tickets opened
 * from alerts. Built from the alert alone, so that every channel words it the same way.
 */
public final class AlertSummary {

  private AlertSummary() {}

  /** For example "Temperature above the threshold: -9.5 °C (peak -9.0 °C)". */
  public static String of(AlertData alert) {
    var metric = alert.metric();
    return switch (alert.conditionKind()) {
      case THRESHOLD ->
          "%s %s the threshold: %s (peak %s)"
              .formatted(
                  quantity(metric),
                  beyond(alert),
                  value(metric, alert.lastValue()),
                  value(metric, alert.peakValue()));
      case SUSTAINED ->
          "%s %s the level for too long: %s (peak %s)"
              .formatted(
                  quantity(metric),
                  beyond(alert),
                  value(metric, alert.lastValue()),
                  value(metric, alert.peakValue()));
      case RATE_OF_CHANGE ->
          "%s changed too fast: by %s within the window (at most %s)"
              .formatted(
                  quantity(metric),
                  value(metric, alert.lastValue()),
                  value(metric, alert.peakValue()));
      case NO_DATA ->
          "No %s reading for %d s"
              .formatted(quantity(metric).toLowerCase(Locale.ROOT), Math.round(alert.peakValue()));
    };
  }

  /** The summary of a new alert, led by the name of the rule that raised it. */
  public static String ofRaised(String ruleName, Metric metric, ConditionKind kind, double value) {
    var measure =
        kind == ConditionKind.NO_DATA
            ? "no reading for " + Math.round(value) + " s"
            : kind == ConditionKind.RATE_OF_CHANGE
                ? "changed by " + value(metric, value)
                : value(metric, value);
    return ruleName.isBlank() ? measure : ruleName + ": " + measure;
  }

  private static String beyond(AlertData alert) {
    return switch (alert.peakDirection()) {
      case HIGHEST -> "above";
      case LOWEST -> "below";
    };
  }

  private static String quantity(Metric metric) {
    return switch (metric) {
      case TEMPERATURE_CELSIUS -> "Temperature";
      case HUMIDITY_PERCENT -> "Humidity";
    };
  }

  private static String value(Metric metric, double value) {
    var unit =
        switch (metric) {
          case TEMPERATURE_CELSIUS -> " °C";
          case HUMIDITY_PERCENT -> " %";
        };
    return String.format(Locale.ROOT, "%.1f", value) + unit;
  }
}
