package dev.fieldops.telemetry.domain.rule;

import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Where alert rules live. Reads and writes take the caller's {@link AccessScope} and apply it in
 * the query: a rule outside it is {@code ALERT_RULE_NOT_FOUND}.
 */
public interface AlertRuleRepository {

  void add(AlertRule rule);

  /**
   * Loads the rule (locked), applies {@code change}, and saves what it returns when that is a new
   * version ({@code loaded.version() + 1}); returning the loaded rule unchanged saves nothing. One
   * transaction. Returns the rule as stored afterwards.
   */
  AlertRule update(AlertRuleId id, AccessScope scope, UnaryOperator<AlertRule> change);

  /**
   * Loads the rule (locked), lets {@code precondition} veto by throwing (e.g. a stale etag), then
   * deletes it; one transaction. Returns the rule as it was.
   */
  AlertRule delete(AlertRuleId id, AccessScope scope, Consumer<AlertRule> precondition);

  Optional<AlertRule> findById(AlertRuleId id, AccessScope scope);

  /** Rules in id (= creation) order, keyset-paginated. */
  Page<AlertRule> list(AlertRuleFilter filter, AccessScope scope, PageRequest page);
}
