package dev.fieldops.telemetry.domain.rule;

import dev.fieldops.telemetry.domain.reading.Metric;
import java.time.Duration;
import java.util.Locale;

/**
 * The name of a rule created without one: what it watches for, in words, so that a list of rules
 * reads well even when nobody named them.
 */
public final class RuleNames {

  private RuleNames() {}

  /** For example "Temperature above 8.0 °C" or "No temperature reading for 15m". */
  public static String defaultName(Metric metric, Condition condition) {
    var quantity =
        switch (metric) {
          case TEMPERATURE_CELSIUS -> "temperature";
          case HUMIDITY_PERCENT -> "humidity";
        };
    var unit =
        switch (metric) {
          case TEMPERATURE_CELSIUS -> " °C";
          case HUMIDITY_PERCENT -> " %";
        };
    var name =
        switch (condition) {
          case Condition.Threshold t ->
              quantity + side(t.direction()) + number(t.raiseLevel()) + unit;
          case Condition.RateOfChange r ->
              quantity
                  + " changes by more than "
                  + number(r.maxDelta())
                  + unit
                  + " within "
                  + duration(r.window());
          case Condition.Sustained s ->
              quantity
                  + side(s.direction())
                  + number(s.level())
                  + unit
                  + " for "
                  + duration(s.duration());
          case Condition.NoData n -> "no " + quantity + " reading for " + duration(n.silence());
        };
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  private static String side(Direction direction) {
    return direction == Direction.ABOVE ? " above " : " below ";
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static String duration(Duration duration) {
    return duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
