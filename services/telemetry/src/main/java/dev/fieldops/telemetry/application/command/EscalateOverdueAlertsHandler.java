package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.Stamp;
import dev.fieldops.telemetry.application.feed.AlertChangeListener;
import dev.fieldops.telemetry.application.feed.AlertNotice;
import dev.fieldops.telemetry.domain.alert.AlertEvent;
import dev.fieldops.telemetry.domain.alert.AlertId;
import dev.fieldops.telemetry.domain.alert.AlertRepository;
import dev.fieldops.telemetry.domain.alert.EscalationCandidates;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The escalation scan's use case, run by a timer on one instance at a time: escalates to CRITICAL
 * every WARNING alert that has stayed ACTIVE longer than its rule's {@code escalate_after}, one
 * transaction per alert (the alert locked, its rule read in the same transaction, the change and
 * its {@code AlertEscalated} saved with the outbox row), then tells the watchers.
 *
 * <p>It keeps no watermark: each run asks for everything due by now, so escalations that fell due
 * while the service was down happen at the first run after the start. Exactly once, however often
 * and on however many instances it runs: the alert itself escalates only an ACTIVE WARNING alert,
 * and once it is CRITICAL nothing is due any more.
 */
public final class EscalateOverdueAlertsHandler {

  private final EscalationCandidates candidates;
  private final AlertRepository alerts;
  private final AlertRuleRepository rules;
  private final AlertChangeListener listener;
  private final Clock clock;
  private final Supplier<UUID> ids;

  public EscalateOverdueAlertsHandler(
      EscalationCandidates candidates,
      AlertRepository alerts,
      AlertRuleRepository rules,
      AlertChangeListener listener,
      Clock clock,
      Supplier<UUID> ids) {
    this.candidates = Objects.requireNonNull(candidates, "candidates");
    this.alerts = Objects.requireNonNull(alerts, "alerts");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  /**
   * The outcome of one scan.
   *
   * @param examined alerts found due
   * @param escalated the alerts escalated now (each also raised its {@code AlertEscalated})
   * @param moreMayRemain the batch was full: scan again without waiting
   */
  public record Scan(int examined, List<AlertId> escalated, boolean moreMayRemain) {
    public Scan {
      escalated = List.copyOf(escalated);
    }
  }

  /** Escalates what is due now, looking at most at {@code batchSize} alerts. */
  public Scan handle(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("a scan looks at one alert or more");
    }
    var due = candidates.dueAt(clock.instant(), batchSize);
    var escalated = new ArrayList<AlertId>();
    for (AlertId id : due) {
      var stamp = Stamp.of(clock.instant(), ids);
      var events = new ArrayList<AlertEvent>();
      var alert =
          alerts.update(
              id,
              AccessScope.everyone(),
              found -> {
                // Set, not appended to: a repository may run the change again after a retry.
                events.clear();
                rules
                    .findById(found.ruleId(), AccessScope.everyone())
                    .ifPresent(rule -> found.escalateIfActiveTooLong(rule, stamp));
                events.addAll(found.pendingEvents());
              });
      if (!events.isEmpty()) {
        escalated.add(id);
        listener.alertsChanged(List.of(new AlertNotice(alert.data(), events)));
      }
    }
    return new Scan(due.size(), escalated, due.size() == batchSize);
  }

  /**
   * One run of the timer: scans in batches of {@code batchSize} and asks again at once while a
   * batch came back full and escalated something, so a backlog (say, after the service was down)
   * drains in one run; a full batch that escalated nothing (every alert changed meanwhile) ends the
   * run rather than spinning.
   *
   * @return how many alerts were escalated
   */
  public int drainDue(int batchSize) {
    var scan = handle(batchSize);
    int escalated = scan.escalated().size();
    while (scan.moreMayRemain() && !scan.escalated().isEmpty()) {
      scan = handle(batchSize);
      escalated += scan.escalated().size();
    }
    return escalated;
  }
}
