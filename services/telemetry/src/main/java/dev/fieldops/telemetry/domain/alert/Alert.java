package dev.fieldops.telemetry.domain.alert;

import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.kernel.Stamp;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.ConditionKind;
import dev.fieldops.telemetry.domain.rule.PeakDirection;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A breach of one rule on one device, as people handle it.
 *
 * <p>Lifecycle: <em>raised</em> ACTIVE when a rule's condition becomes true and no alert is open
 * for that (device, rule) ({@link AlertRaised}); while the breach lasts, further breaching values
 * only update it (peak, last value, last breach time; no event). Someone may <em>acknowledge</em>
 * it once (ACTIVE → ACKNOWLEDGED, {@link AlertAcknowledged}); acknowledging twice is {@code
 * ALERT_ALREADY_ACKNOWLEDGED}, acknowledging a cleared alert {@code ALERT_ALREADY_CLEARED}. A
 * WARNING alert <em>escalates</em> to CRITICAL ({@link AlertEscalated}), at most once since it
 * never de-escalates, for one of two causes ({@link EscalationCause}):
 *
 * <ul>
 *   <li>its condition goes beyond the rule's critical level ({@link #escalate}): it becomes ACTIVE
 *       again even if acknowledged, since the acknowledgement was for a milder situation;
 *   <li>it stays ACTIVE for the rule's escalation delay ({@link #escalateIfActiveTooLong}), counted
 *       on the server clock from when it was raised. An acknowledgement stops that clock for good:
 *       an acknowledged alert never escalates by time, and the only way back to ACTIVE is an
 *       escalation by value, after which it is CRITICAL already.
 * </ul>
 *
 * It is <em>cleared</em> when the condition ends, or the rule or device goes away, acknowledged or
 * not ({@link AlertCleared}); CLEARED is final, and the next breach raises a new alert.
 *
 * <p>Versions: every transition bumps the version and stamps its event with it; silent updates bump
 * it once per save (the first update since the last {@link #pullChange()}), so the etag changes
 * whenever the stored alert does.
 */
public final class Alert {

  private AlertData data;
  private long storedVersion;
  private final List<AlertEvent> pendingEvents = new ArrayList<>();

  private Alert(AlertData data, long storedVersion) {
    this.data = data;
    this.storedVersion = storedVersion;
  }

  /**
   * Raises a new alert for a rule's breach on a device.
   *
   * @param value the condition's measure at the breach
   * @param observeTime when the breach was observed
   */
  public static Alert raise(
      DeviceProfile device,
      AlertRule rule,
      Severity severity,
      double value,
      Instant observeTime,
      Stamp stamp) {
    if (!rule.customerId().equals(device.customerId())) {
      throw new IllegalArgumentException("rule " + rule.id() + " is not for device " + device.id());
    }
    var now = stamp.now();
    var summary = AlertSummary.of(device, rule, value);
    var alert =
        new Alert(
            new AlertData(
                new AlertId(stamp.newId()),
                device.id(),
                device.customerId(),
                rule.id(),
                rule.metric(),
                rule.condition().kind(),
                rule.condition().peakDirection(),
                summary,
                severity,
                AlertState.ACTIVE,
                value,
                value,
                value,
                observeTime,
                observeTime,
                now,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "",
                Optional.empty(),
                Optional.empty(),
                now,
                1),
            0);
    alert.pendingEvents.add(
        new AlertRaised(
            stamp.newId(),
            now,
            alert.id(),
            1,
            alert.customerId(),
            alert.deviceId(),
            alert.ruleId(),
            summary,
            severity,
            rule.metric(),
            rule.condition().kind(),
            value,
            observeTime));
    return alert;
  }

  /** Rebuilds a stored alert; raises no event. */
  public static Alert rehydrate(AlertData data) {
    return new Alert(Objects.requireNonNull(data, "data"), data.version());
  }

  /** Another breaching value while the alert is open: moves last value, perhaps the peak. */
  public void recordBreach(double value, Instant observeTime, Instant now) {
    requireOpenForBreach();
    var draft = withBreach(value, observeTime, now);
    if (data.version() == storedVersion) {
      draft.version = data.version() + 1;
    }
    data = draft.build();
  }

  /**
   * The breach went beyond the critical level. A WARNING alert becomes CRITICAL and ACTIVE again;
   * an alert that is already CRITICAL only records the value.
   */
  public void escalate(double value, Instant observeTime, Stamp stamp) {
    requireOpenForBreach();
    if (data.severity() == Severity.CRITICAL) {
      recordBreach(value, observeTime, stamp.now());
      return;
    }
    var draft = withBreach(value, observeTime, stamp.now());
    draft.state = AlertState.ACTIVE;
    draft.acknowledgedBy = Optional.empty();
    draft.acknowledgeTime = Optional.empty();
    draft.acknowledgeNote = "";
    escalateToCritical(draft, EscalationCause.CRITICAL_LEVEL, value, observeTime, stamp);
  }

  /**
   * When this alert escalates by time under {@code rule}: its raise time plus the rule's escalation
   * delay, as long as it is an ACTIVE WARNING alert and the rule is enabled and names a delay;
   * empty when it will not escalate by time (acknowledged, cleared, CRITICAL already, no delay).
   * The rule as it is now decides, so changing a rule's delay reschedules its open alerts.
   */
  public Optional<Instant> escalationDue(AlertRule rule) {
    if (!rule.id().equals(ruleId())) {
      throw new IllegalArgumentException("alert " + id() + " is not of rule " + rule.id());
    }
    if (data.state() != AlertState.ACTIVE
        || data.severity() != Severity.WARNING
        || !rule.enabled()) {
      return Optional.empty();
    }
    return rule.escalateAfter().map(delay -> data.raiseTime().plus(delay));
  }

  /**
   * Escalates the alert to CRITICAL if it has stayed ACTIVE for {@code rule}'s escalation delay by
   * {@code stamp.now()} ({@link #escalationDue}); otherwise changes nothing. Returns whether it
   * escalated: at most once per alert, however often this is asked.
   */
  public boolean escalateIfActiveTooLong(AlertRule rule, Stamp stamp) {
    var due = escalationDue(rule);
    if (due.isEmpty() || stamp.now().isBefore(due.get())) {
      return false;
    }
    var draft = new Draft(data);
    draft.updateTime = stamp.now();
    escalateToCritical(
        draft, EscalationCause.ACTIVE_TOO_LONG, data.lastValue(), data.lastBreachTime(), stamp);
    return true;
  }

  private void escalateToCritical(
      Draft draft, EscalationCause cause, double value, Instant observeTime, Stamp stamp) {
    var now = stamp.now();
    draft.severity = Severity.CRITICAL;
    draft.escalateTime = Optional.of(now);
    draft.version = data.version() + 1;
    data = draft.build();
    pendingEvents.add(
        new AlertEscalated(
            stamp.newId(),
            now,
            id(),
            data.version(),
            customerId(),
            deviceId(),
            ruleId(),
            data.summary(),
            Severity.WARNING,
            Severity.CRITICAL,
            cause,
            value,
            observeTime));
  }

  private Draft withBreach(double value, Instant observeTime, Instant now) {
    var draft = new Draft(data);
    draft.lastValue = value;
    if (data.peakDirection().isWorse(value, data.peakValue())) {
      draft.peakValue = value;
    }
    if (observeTime.isAfter(data.lastBreachTime())) {
      draft.lastBreachTime = observeTime;
    }
    draft.updateTime = now;
    return draft;
  }

  /** Someone takes note of the alert. */
  public void acknowledge(String acknowledgedBy, Stamp stamp) {
    acknowledge(acknowledgedBy, "", stamp);
  }

  /** Someone takes note of the alert and says what is being done about it. */
  public void acknowledge(String acknowledgedBy, String note, Stamp stamp) {
    Objects.requireNonNull(acknowledgedBy, "acknowledgedBy");
    Objects.requireNonNull(note, "note");
    switch (data.state()) {
      case CLEARED -> throw alreadyCleared();
      case ACKNOWLEDGED ->
          throw new RuleViolationException(
              "ALERT_ALREADY_ACKNOWLEDGED",
              "alert " + id() + " is already acknowledged",
              Map.of("alert_id", id().toString()));
      case ACTIVE -> {
        var now = stamp.now();
        var draft = new Draft(data);
        draft.state = AlertState.ACKNOWLEDGED;
        draft.acknowledgedBy = Optional.of(acknowledgedBy);
        draft.acknowledgeTime = Optional.of(now);
        draft.acknowledgeNote = note;
        draft.updateTime = now;
        draft.version = data.version() + 1;
        data = draft.build();
        pendingEvents.add(
            new AlertAcknowledged(
                stamp.newId(),
                now,
                id(),
                data.version(),
                customerId(),
                deviceId(),
                ruleId(),
                acknowledgedBy,
                note));
      }
    }
  }

  /**
   * Ends the alert.
   *
   * @param clearValue the measure that ended the condition, empty for other causes
   * @param observeTime when the end was observed
   */
  public void clear(ClearCause cause, OptionalDouble clearValue, Instant observeTime, Stamp stamp) {
    Objects.requireNonNull(cause, "cause");
    if (!data.isOpen()) {
      throw alreadyCleared();
    }
    var now = stamp.now();
    var draft = new Draft(data);
    draft.state = AlertState.CLEARED;
    draft.clearTime = Optional.of(now);
    draft.clearCause = Optional.of(cause);
    draft.updateTime = now;
    draft.version = data.version() + 1;
    data = draft.build();
    pendingEvents.add(
        new AlertCleared(
            stamp.newId(),
            now,
            id(),
            data.version(),
            customerId(),
            deviceId(),
            ruleId(),
            cause,
            data.severity(),
            data.conditionKind(),
            data.acknowledgedBy().isPresent(),
            data.firstBreachTime(),
            data.peakValue(),
            data.lastValue(),
            clearValue,
            observeTime));
  }

  /** The events raised since the last hand-over, without handing them over. */
  public List<AlertEvent> pendingEvents() {
    return List.copyOf(pendingEvents);
  }

  /** Whether anything changed since the alert was loaded or last handed over. */
  public boolean hasChanges() {
    return data.version() != storedVersion;
  }

  /**
   * Hands over what changed since the alert was loaded or last handed over: its data, the version
   * the store must still hold (0 for a new alert), and the events. Call once per save.
   */
  public AlertChange pullChange() {
    if (!hasChanges()) {
      throw new IllegalStateException("alert " + id() + " has no change to save");
    }
    long expectedVersion = storedVersion;
    return new AlertChange(data, expectedVersion, pullEvents());
  }

  /**
   * Hands over the pending events and marks the current version as stored (for repositories whose
   * update closure tracks the version itself).
   */
  public List<AlertEvent> pullEvents() {
    var events = List.copyOf(pendingEvents);
    pendingEvents.clear();
    storedVersion = data.version();
    return events;
  }

  private void requireOpenForBreach() {
    if (!data.isOpen()) {
      throw new IllegalStateException(
          "alert " + id() + " is cleared; a new breach raises a new alert");
    }
  }

  private RuleViolationException alreadyCleared() {
    return new RuleViolationException(
        "ALERT_ALREADY_CLEARED",
        "alert " + id() + " is already cleared",
        Map.of("alert_id", id().toString()));
  }

  public AlertData data() {
    return data;
  }

  public AlertId id() {
    return data.id();
  }

  public DeviceId deviceId() {
    return data.deviceId();
  }

  public CustomerId customerId() {
    return data.customerId();
  }

  public AlertRuleId ruleId() {
    return data.ruleId();
  }

  public AlertState state() {
    return data.state();
  }

  public Severity severity() {
    return data.severity();
  }

  public long version() {
    return data.version();
  }

  public AlertKey key() {
    return data.key();
  }

  /** A mutable copy of the data, for transitions that change several fields at once. */
  private static final class Draft {
    private final AlertId id;
    private final DeviceId deviceId;
    private final CustomerId customerId;
    private final AlertRuleId ruleId;
    private final Metric metric;
    private final ConditionKind conditionKind;
    private final PeakDirection peakDirection;
    private final String summary;
    private Severity severity;
    private AlertState state;
    private final double raiseValue;
    private double peakValue;
    private double lastValue;
    private final Instant firstBreachTime;
    private Instant lastBreachTime;
    private final Instant raiseTime;
    private Optional<Instant> escalateTime;
    private Optional<String> acknowledgedBy;
    private Optional<Instant> acknowledgeTime;
    private String acknowledgeNote;
    private Optional<Instant> clearTime;
    private Optional<ClearCause> clearCause;
    private Instant updateTime;
    private long version;

    Draft(AlertData d) {
      id = d.id();
      deviceId = d.deviceId();
      customerId = d.customerId();
      ruleId = d.ruleId();
      metric = d.metric();
      conditionKind = d.conditionKind();
      peakDirection = d.peakDirection();
      summary = d.summary();
      severity = d.severity();
      state = d.state();
      raiseValue = d.raiseValue();
      peakValue = d.peakValue();
      lastValue = d.lastValue();
      firstBreachTime = d.firstBreachTime();
      lastBreachTime = d.lastBreachTime();
      raiseTime = d.raiseTime();
      escalateTime = d.escalateTime();
      acknowledgedBy = d.acknowledgedBy();
      acknowledgeTime = d.acknowledgeTime();
      acknowledgeNote = d.acknowledgeNote();
      clearTime = d.clearTime();
      clearCause = d.clearCause();
      updateTime = d.updateTime();
      version = d.version();
    }

    AlertData build() {
      return new AlertData(
          id,
          deviceId,
          customerId,
          ruleId,
          metric,
          conditionKind,
          peakDirection,
          summary,
          severity,
          state,
          raiseValue,
          peakValue,
          lastValue,
          firstBreachTime,
          lastBreachTime,
          raiseTime,
          escalateTime,
          acknowledgedBy,
          acknowledgeTime,
          acknowledgeNote,
          clearTime,
          clearCause,
          updateTime,
          version);
    }
  }
}
