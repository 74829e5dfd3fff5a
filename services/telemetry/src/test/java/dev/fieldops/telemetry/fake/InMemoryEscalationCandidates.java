package dev.fieldops.telemetry.fake;

import dev.fieldops.telemetry.domain.alert.Alert;
import dev.fieldops.telemetry.domain.alert.AlertId;
import dev.fieldops.telemetry.domain.alert.EscalationCandidates;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The alerts of an in-memory alert store due for escalation under the rules of a rule store. */
public final class InMemoryEscalationCandidates implements EscalationCandidates {

  private final InMemoryAlertRepository alerts;
  private final InMemoryAlertRuleRepository rules;

  public InMemoryEscalationCandidates(
      InMemoryAlertRepository alerts, InMemoryAlertRuleRepository rules) {
    this.alerts = alerts;
    this.rules = rules;
  }

  @Override
  public List<AlertId> dueAt(Instant now, int limit) {
    return alerts.all().stream()
        .map(Alert::rehydrate)
        .flatMap(
            alert ->
                rules
                    .findById(alert.ruleId(), AccessScope.everyone())
                    .flatMap(alert::escalationDue)
                    .filter(due -> !due.isAfter(now))
                    .map(due -> Map.entry(alert.id(), due))
                    .stream())
        .sorted(
            Map.Entry.<AlertId, Instant>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(limit)
        .map(Map.Entry::getKey)
        .toList();
  }
}
