package dev.fieldops.telemetry.fake;

import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleFilter;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;
import dev.fieldops.telemetry.domain.rule.ConditionKind;
import dev.fieldops.telemetry.domain.rule.RuleBook;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Rules in memory; also the rule book (without a cache). */
public final class InMemoryAlertRuleRepository implements AlertRuleRepository, RuleBook {

  private final Map<AlertRuleId, AlertRule> rows = new HashMap<>();
  private int invalidations;

  @Override
  public synchronized void add(AlertRule rule) {
    if (rows.containsKey(rule.id())) {
      throw new IllegalStateException("rule " + rule.id() + " exists");
    }
    rows.put(rule.id(), rule);
  }

  @Override
  public synchronized AlertRule update(
      AlertRuleId id, AccessScope scope, UnaryOperator<AlertRule> change) {
    var loaded = visible(id, scope).orElseThrow(() -> notFound(id));
    var changed = change.apply(loaded);
    if (changed.version() == loaded.version()) {
      return loaded;
    }
    if (!changed.id().equals(id) || changed.version() != loaded.version() + 1) {
      throw new IllegalStateException("an update returns the same rule, one version up");
    }
    rows.put(id, changed);
    return changed;
  }

  @Override
  public synchronized AlertRule delete(
      AlertRuleId id, AccessScope scope, Consumer<AlertRule> precondition) {
    var loaded = visible(id, scope).orElseThrow(() -> notFound(id));
    precondition.accept(loaded);
    rows.remove(id);
    return loaded;
  }

  @Override
  public synchronized Optional<AlertRule> findById(AlertRuleId id, AccessScope scope) {
    return visible(id, scope);
  }

  @Override
  public synchronized Page<AlertRule> list(
      AlertRuleFilter filter, AccessScope scope, PageRequest page) {
    var matching =
        rows.values().stream()
            .filter(r -> scope.includes(r.customerId()) && filter.matches(r))
            .toList();
    return KeysetPages.page(matching, rule -> rule.id().toString(), page);
  }

  @Override
  public synchronized Map<DeviceId, List<AlertRule>> rulesFor(Collection<DeviceProfile> devices) {
    var result = new HashMap<DeviceId, List<AlertRule>>();
    for (DeviceProfile device : devices) {
      result.put(device.id(), AlertRule.enabledFor(device, rows.values()));
    }
    return result;
  }

  @Override
  public synchronized List<AlertRule> enabledNoDataRules() {
    return rows.values().stream()
        .filter(rule -> rule.enabled() && rule.condition().kind() == ConditionKind.NO_DATA)
        .sorted(Comparator.comparing(AlertRule::id))
        .toList();
  }

  @Override
  public synchronized void invalidate() {
    invalidations++;
  }

  /** How often handlers told the rule book that rules changed. */
  public synchronized int invalidations() {
    return invalidations;
  }

  private Optional<AlertRule> visible(AlertRuleId id, AccessScope scope) {
    return Optional.ofNullable(rows.get(id)).filter(rule -> scope.includes(rule.customerId()));
  }

  private static NotFoundException notFound(AlertRuleId id) {
    return NotFoundException.of("alert_rule", id.toString());
  }
}
