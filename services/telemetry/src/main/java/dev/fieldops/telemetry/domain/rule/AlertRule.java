package dev.fieldops.telemetry.domain.rule;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.InvalidInputException.FieldViolation;
import dev.fieldops.kernel.Text;
import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer's definition of a dangerous situation on one of its devices or on all of them.
 *
 * <p>Lifecycle: <em>created</em> (version 1), then <em>revised</em> any number of times (display
 * name, severity, escalation delay, enabled flag, condition; each effective revision bumps the
 * version and thereby the etag), and finally <em>deleted</em>. The owning customer, the target and
 * the metric never change. A disabled rule is not evaluated. Rules are immutable values: a revision
 * returns a new rule, which makes them safe to cache and share on the evaluation path. Rules raise
 * no events.
 *
 * <p>A WARNING rule escalates its alerts to CRITICAL in two ways, which may be combined: by value,
 * when the condition names a critical level and the breach goes beyond it (evaluation), and by
 * time, when it names {@code escalateAfter} and an alert stays ACTIVE that long (see {@link
 * dev.fieldops.telemetry.domain.alert.Alert#escalateIfActiveTooLong}).
 *
 * <p>Invariants: the condition's levels lie within the metric's physical range; {@code
 * escalateAfter} lies within {@link #MIN_ESCALATE_AFTER} and {@link #MAX_ESCALATE_AFTER}; only a
 * WARNING rule may name a critical level or an escalation delay (a CRITICAL rule has nothing to
 * escalate to).
 *
 * @param escalateAfter how long an alert of this rule may stay ACTIVE (not acknowledged, not
 *     cleared) before it escalates to CRITICAL; empty means never by time
 */
public record AlertRule(
    AlertRuleId id,
    CustomerId customerId,
    RuleTarget target,
    String displayName,
    Metric metric,
    Severity severity,
    Optional<Duration> escalateAfter,
    boolean enabled,
    Condition condition,
    Instant createTime,
    Instant updateTime,
    long version) {

  static final int MAX_NAME_LENGTH = 200;

  /** The shortest escalation delay: shorter would escalate before anyone could react. */
  public static final Duration MIN_ESCALATE_AFTER = Duration.ofMinutes(1);

  /** The longest escalation delay, as long as the longest silence a NO_DATA rule may wait for. */
  public static final Duration MAX_ESCALATE_AFTER = Duration.ofDays(7);

  public AlertRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(escalateAfter, "escalateAfter");
    // Stored to the microsecond, like every time: a rule must read back equal to what was saved.
    escalateAfter = escalateAfter.map(delay -> delay.truncatedTo(ChronoUnit.MICROS));
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(createTime, "createTime");
    Objects.requireNonNull(updateTime, "updateTime");
    displayName = displayName == null ? "" : displayName.strip();
    if (version < 1) {
      throw new IllegalArgumentException("version starts at 1: " + version);
    }
    var violations = new ArrayList<FieldViolation>();
    if (displayName.isEmpty()) {
      violations.add(new FieldViolation("display_name", "must not be blank"));
    } else if (!Text.atMost(displayName, MAX_NAME_LENGTH)) {
      violations.add(new FieldViolation("display_name", "must be at most 200 characters"));
    }
    for (Condition.Level level : condition.levels()) {
      if (!metric.isPlausible(level.value())) {
        violations.add(
            new FieldViolation(
                "condition." + level.field(),
                "must lie within the physical range of "
                    + metric
                    + " ("
                    + metric.lowest()
                    + ".."
                    + metric.highest()
                    + ")"));
      }
    }
    if (condition.escalates() && severity == Severity.CRITICAL) {
      violations.add(
          new FieldViolation(
              "severity", "must be WARNING when the condition names a critical level"));
    }
    escalateAfter.ifPresent(
        delay -> {
          if (delay.compareTo(MIN_ESCALATE_AFTER) < 0 || delay.compareTo(MAX_ESCALATE_AFTER) > 0) {
            violations.add(new FieldViolation("escalate_after", "must be from 1 minute to 7 days"));
          } else if (severity == Severity.CRITICAL) {
            violations.add(
                new FieldViolation(
                    "escalate_after",
                    "only a WARNING rule escalates; leave it out for a CRITICAL rule"));
          }
        });
    if (!violations.isEmpty()) {
      throw new InvalidInputException("INVALID_ALERT_RULE", violations);
    }
  }

  /** What a client sends to create a rule. */
  public record Definition(
      CustomerId customerId,
      RuleTarget target,
      String displayName,
      Metric metric,
      Severity severity,
      Optional<Duration> escalateAfter,
      boolean enabled,
      Condition condition) {}

  /** Creates a rule at version 1. */
  public static AlertRule create(AlertRuleId id, Definition definition, Instant now) {
    return new AlertRule(
        id,
        definition.customerId(),
        definition.target(),
        definition.displayName(),
        definition.metric(),
        definition.severity(),
        definition.escalateAfter(),
        definition.enabled(),
        definition.condition(),
        now,
        now,
        1);
  }

  /**
   * The fields a revision may change; empty means "leave as is".
   *
   * @param escalateAfter present when the revision sets the escalation delay: to the inner value,
   *     or to none (never escalate by time) when that is empty
   */
  public record Revision(
      Optional<String> displayName,
      Optional<Severity> severity,
      Optional<Optional<Duration>> escalateAfter,
      Optional<Boolean> enabled,
      Optional<Condition> condition) {

    public Revision {
      Objects.requireNonNull(displayName, "displayName");
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(escalateAfter, "escalateAfter");
      Objects.requireNonNull(enabled, "enabled");
      Objects.requireNonNull(condition, "condition");
    }

    public static Revision none() {
      return new Revision(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Revision withDisplayName(String value) {
      return new Revision(Optional.of(value), severity, escalateAfter, enabled, condition);
    }

    public Revision withSeverity(Severity value) {
      return new Revision(displayName, Optional.of(value), escalateAfter, enabled, condition);
    }

    /** Sets the escalation delay, or removes it when {@code value} is empty. */
    public Revision withEscalateAfter(Optional<Duration> value) {
      return new Revision(displayName, severity, Optional.of(value), enabled, condition);
    }

    public Revision withEnabled(boolean value) {
      return new Revision(displayName, severity, escalateAfter, Optional.of(value), condition);
    }

    public Revision withCondition(Condition value) {
      return new Revision(displayName, severity, escalateAfter, enabled, Optional.of(value));
    }
  }

  /**
   * This rule with the revision applied and the version bumped, or this very rule when the revision
   * changes nothing (so a repeated update is not a new version).
   */
  public AlertRule revise(Revision revision, Instant now) {
    var revised =
        new AlertRule(
            id,
            customerId,
            target,
            revision.displayName().orElse(displayName),
            metric,
            revision.severity().orElse(severity),
            revision.escalateAfter().orElse(escalateAfter),
            revision.enabled().orElse(enabled),
            revision.condition().orElse(condition),
            createTime,
            updateTime,
            version);
    if (revised.equals(this)) {
      return this;
    }
    return new AlertRule(
        id,
        customerId,
        target,
        revised.displayName,
        metric,
        revised.severity,
        revised.escalateAfter,
        revised.enabled,
        revised.condition,
        createTime,
        now,
        version + 1);
  }

  /** Whether this rule watches the device: same customer, covered by the target. */
  public boolean appliesTo(DeviceProfile device) {
    return customerId.equals(device.customerId()) && target.covers(device.id());
  }

  /** Whether a reading of this metric feeds the rule. */
  public boolean watches(Metric readingMetric) {
    return metric == readingMetric;
  }

  /** The enabled rules among {@code rules} that apply to the device, in id order. */
  public static List<AlertRule> enabledFor(DeviceProfile device, Collection<AlertRule> rules) {
    return EnabledRules.of(rules).appliesTo(device);
  }
}
