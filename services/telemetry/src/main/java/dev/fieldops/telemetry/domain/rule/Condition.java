package dev.fieldops.telemetry.domain.rule;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.InvalidInputException.FieldViolation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * When a rule is breached. Each condition may name an optional <em>critical</em> level; a WARNING
 * rule whose breach goes beyond it escalates its alert to CRITICAL (a breach that starts beyond it
 * is raised CRITICAL directly). Every condition measures its breach as one number, the alert's
 * value: the reading's value for THRESHOLD and SUSTAINED, the change within the window for
 * RATE_OF_CHANGE, the silence in seconds for NO_DATA.
 *
 * <p>Validation errors name the condition's own fields ({@code threshold.clear_level}); the rule
 * reports them under its {@code condition}, an adapter puts its request path in front.
 */
public sealed interface Condition {

  /** The longest window, duration or silence a condition may name (state must stay bounded). */
  Duration MAX_DURATION = Duration.ofDays(31);

  ConditionKind kind();

  /** Which extreme of the measure is the alert's peak. */
  PeakDirection peakDirection();

  /** Whether the condition names a critical level to escalate to. */
  boolean escalates();

  /** Reading-value levels the condition compares against (checked against the metric's range). */
  List<Level> levels();

  /** A level of the condition with the field that holds it. */
  record Level(String field, double value) {}

  /**
   * Breached when a value goes beyond {@code raiseLevel} (strictly); stays breached until a value
   * is back at or within {@code clearLevel}. The clear level lies on the safe side of the raise
   * level (equal means no hysteresis band), so values oscillating between the two do not flap.
   */
  record Threshold(
      Direction direction, double raiseLevel, double clearLevel, OptionalDouble criticalLevel)
      implements Condition {

    public Threshold {
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(criticalLevel, "criticalLevel");
      var violations = new ArrayList<FieldViolation>();
      requireFinite(violations, "threshold.raise_level", raiseLevel);
      requireFinite(violations, "threshold.clear_level", clearLevel);
      if (violations.isEmpty() && direction.isBeyond(clearLevel, raiseLevel)) {
        violations.add(
            violation(
                "threshold.clear_level",
                direction == Direction.ABOVE
                    ? "must be at or below the raise level"
                    : "must be at or above the raise level"));
      }
      if (criticalLevel.isPresent()) {
        requireFinite(violations, "threshold.critical_level", criticalLevel.getAsDouble());
        if (!direction.isBeyond(criticalLevel.getAsDouble(), raiseLevel)) {
          violations.add(violation("threshold.critical_level", "must lie beyond the raise level"));
        }
      }
      throwIfAny(violations);
    }

    @Override
    public ConditionKind kind() {
      return ConditionKind.THRESHOLD;
    }

    @Override
    public PeakDirection peakDirection() {
      return direction.peakDirection();
    }

    @Override
    public boolean escalates() {
      return criticalLevel.isPresent();
    }

    @Override
    public List<Level> levels() {
      var levels = new ArrayList<Level>();
      levels.add(new Level("threshold.raise_level", raiseLevel));
      levels.add(new Level("threshold.clear_level", clearLevel));
      criticalLevel.ifPresent(l -> levels.add(new Level("threshold.critical_level", l)));
      return levels;
    }
  }

  /**
   * Breached when the values observed within the last {@code window} (inclusive of its start)
   * spread by more than {@code maxDelta} (max minus min); cleared when the spread within the window
   * is back at or below {@code maxDelta}. The window must be longer than the device's reporting
   * interval, or it never holds two readings.
   */
  record RateOfChange(double maxDelta, Duration window, OptionalDouble criticalDelta)
      implements Condition {

    public RateOfChange {
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(criticalDelta, "criticalDelta");
      var violations = new ArrayList<FieldViolation>();
      if (!(maxDelta > 0) || !Double.isFinite(maxDelta)) {
        violations.add(violation("rate_of_change.max_delta", "must be a positive number"));
      }
      requirePositive(violations, "rate_of_change.window", window);
      if (criticalDelta.isPresent()
          && !(criticalDelta.getAsDouble() > maxDelta
              && Double.isFinite(criticalDelta.getAsDouble()))) {
        violations.add(violation("rate_of_change.critical_delta", "must be larger than max_delta"));
      }
      throwIfAny(violations);
    }

    @Override
    public ConditionKind kind() {
      return ConditionKind.RATE_OF_CHANGE;
    }

    @Override
    public PeakDirection peakDirection() {
      return PeakDirection.HIGHEST;
    }

    @Override
    public boolean escalates() {
      return criticalDelta.isPresent();
    }

    @Override
    public List<Level> levels() {
      return List.of();
    }
  }

  /**
   * Breached when values stay beyond {@code level} continuously for at least {@code duration} of
   * observe time, measured from the first reading beyond it to the current one (values are assumed
   * to hold between readings). One reading back within the level resets the timer and clears a
   * breach.
   */
  record Sustained(
      Direction direction, double level, Duration duration, OptionalDouble criticalLevel)
      implements Condition {

    public Sustained {
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(criticalLevel, "criticalLevel");
      var violations = new ArrayList<FieldViolation>();
      requireFinite(violations, "sustained.level", level);
      requirePositive(violations, "sustained.duration", duration);
      if (criticalLevel.isPresent() && !direction.isBeyond(criticalLevel.getAsDouble(), level)) {
        violations.add(violation("sustained.critical_level", "must lie beyond the level"));
      }
      throwIfAny(violations);
    }

    @Override
    public ConditionKind kind() {
      return ConditionKind.SUSTAINED;
    }

    @Override
    public PeakDirection peakDirection() {
      return direction.peakDirection();
    }

    @Override
    public boolean escalates() {
      return criticalLevel.isPresent();
    }

    @Override
    public List<Level> levels() {
      var levels = new ArrayList<Level>();
      levels.add(new Level("sustained.level", level));
      criticalLevel.ifPresent(l -> levels.add(new Level("sustained.critical_level", l)));
      return levels;
    }
  }

  /**
   * Breached when no reading of the rule's metric has been observed for at least {@code silence}
   * (checked by a timer, against server time); cleared by the next reading.
   */
  record NoData(Duration silence, Optional<Duration> criticalSilence) implements Condition {

    public NoData {
      Objects.requireNonNull(silence, "silence");
      Objects.requireNonNull(criticalSilence, "criticalSilence");
      var violations = new ArrayList<FieldViolation>();
      requirePositive(violations, "no_data.silence", silence);
      if (criticalSilence.isPresent() && criticalSilence.get().compareTo(silence) <= 0) {
        violations.add(violation("no_data.critical_silence", "must be longer than silence"));
      }
      throwIfAny(violations);
    }

    @Override
    public ConditionKind kind() {
      return ConditionKind.NO_DATA;
    }

    @Override
    public PeakDirection peakDirection() {
      return PeakDirection.HIGHEST;
    }

    @Override
    public boolean escalates() {
      return criticalSilence.isPresent();
    }

    @Override
    public List<Level> levels() {
      return List.of();
    }
  }

  private static FieldViolation violation(String field, String description) {
    return new FieldViolation(field, description);
  }

  private static void requireFinite(List<FieldViolation> violations, String field, double value) {
    if (!Double.isFinite(value)) {
      violations.add(violation(field, "must be a finite number"));
    }
  }

  private static void requirePositive(
      List<FieldViolation> violations, String field, Duration duration) {
    if (!duration.isPositive()) {
      violations.add(violation(field, "must be positive"));
    } else if (duration.compareTo(MAX_DURATION) > 0) {
      violations.add(violation(field, "must be at most 31 days"));
    } else if (duration.getNano() % 1_000 != 0) {
      violations.add(violation(field, "must be a whole number of microseconds"));
    }
  }

  private static void throwIfAny(List<FieldViolation> violations) {
    if (!violations.isEmpty()) {
      throw new InvalidInputException("INVALID_ALERT_RULE", violations);
    }
  }
}
