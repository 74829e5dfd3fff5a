package dev.fieldops.telemetry.application.evaluation;

import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.Condition;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How far back stored readings are replayed to rebuild a device's evaluator that has no checkpoint:
 * long enough for the device's longest rate-of-change window or sustained duration, and for twice
 * its longest NO_DATA silence (so that the last reading before a silence is found and the silence
 * is dated from it); at least {@code minimum}, at most {@code maximum} (to bound start-up work).
 * What lies beyond is approximated: a sustained run older than the look-back starts its timer at
 * the window's start, and silence without any reading in the window counts from the window's start.
 * An alert still open for a breach is honoured through reconciliation either way.
 */
public record ReplayPolicy(Duration minimum, Duration maximum) {

  public static final ReplayPolicy DEFAULT =
      new ReplayPolicy(Duration.ofMinutes(15), Duration.ofHours(24));

  public ReplayPolicy {
    Objects.requireNonNull(minimum, "minimum");
    Objects.requireNonNull(maximum, "maximum");
    if (minimum.isNegative() || maximum.compareTo(minimum) < 0) {
      throw new IllegalArgumentException("0 <= minimum <= maximum");
    }
  }

  /** The look-back the rules of one device need. */
  public Duration lookBackFor(List<AlertRule> rules) {
    var needed = minimum;
    for (AlertRule rule : rules) {
      var span =
          switch (rule.condition()) {
            case Condition.RateOfChange rate -> rate.window();
            case Condition.Sustained sustained -> sustained.duration();
            case Condition.Threshold threshold -> Duration.ZERO;
            case Condition.NoData noData -> noData.silence().multipliedBy(2);
          };
      if (span.compareTo(needed) > 0) {
        needed = span;
      }
    }
    return needed.compareTo(maximum) > 0 ? maximum : needed;
  }
}
