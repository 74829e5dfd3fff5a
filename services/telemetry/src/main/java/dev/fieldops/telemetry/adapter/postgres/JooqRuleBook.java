package dev.fieldops.telemetry.adapter.postgres;

import static dev.fieldops.telemetry.adapter.postgres.jooq.Tables.ALERT_RULE;

import dev.fieldops.jooq.Transactor;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.ConditionKind;
import dev.fieldops.telemetry.domain.rule.RuleBook;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;

/**
 * The enabled rules per customer, cached for the evaluation path: a batch's devices need one query
 * for the customers not in the cache and none for the others. Entries expire after {@code maxAge}
 * (how long another instance's rule change goes unnoticed here); this instance's rule handlers
 * invalidate the cache, and again once their transaction commits.
 */
public final class JooqRuleBook implements RuleBook {

  private final Db db;
  private final long maxAgeNanos;
  private final ConcurrentHashMap<CustomerId, Cached> cache = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  private record Cached(List<AlertRule> enabled, long loadedAtNanos) {}

  public JooqRuleBook(Transactor transactor, DSLContext dsl, Duration maxAge) {
    this.db = new Db(transactor, dsl);
    this.maxAgeNanos = Objects.requireNonNull(maxAge, "maxAge").toNanos();
  }

  @Override
  public Map<DeviceId, List<AlertRule>> rulesFor(Collection<DeviceProfile> devices) {
    long now = System.nanoTime();
    var customers = new LinkedHashSet<CustomerId>();
    devices.forEach(device -> customers.add(device.customerId()));
    var rulesByCustomer = new HashMap<CustomerId, List<AlertRule>>();
    var missing = new ArrayList<String>();
    for (CustomerId customer : customers) {
      var cached = cache.get(customer);
      if (cached != null && now - cached.loadedAtNanos() < maxAgeNanos) {
        rulesByCustomer.put(customer, cached.enabled());
      } else {
        missing.add(customer.value());
      }
    }
    if (!missing.isEmpty()) {
      long loadedGeneration = generation.get();
      var loaded = new HashMap<CustomerId, List<AlertRule>>();
      missing.forEach(customer -> loaded.put(new CustomerId(customer), new ArrayList<>()));
      db.read(
              q ->
                  q.selectFrom(ALERT_RULE)
                      .where(ALERT_RULE.CUSTOMER_ID.eq(DSLAny.texts(missing)))
                      .and(ALERT_RULE.ENABLED.isTrue())
                      .orderBy(ALERT_RULE.RULE_ID)
                      .fetch(JooqAlertRuleRepository::rule))
          .forEach(rule -> loaded.get(rule.customerId()).add(rule));
      boolean current = generation.get() == loadedGeneration;
      loaded.forEach(
          (customer, rules) -> {
            var enabled = List.copyOf(rules);
            rulesByCustomer.put(customer, enabled);
            if (current) {
              cache.put(customer, new Cached(enabled, now));
            }
          });
    }
    var result = new HashMap<DeviceId, List<AlertRule>>();
    for (DeviceProfile device : devices) {
      result.put(
          device.id(),
          AlertRule.enabledFor(
              device, rulesByCustomer.getOrDefault(device.customerId(), List.of())));
    }
    return result;
  }

  @Override
  public List<AlertRule> enabledNoDataRules() {
    return db.read(
        q ->
            q.selectFrom(ALERT_RULE)
                .where(ALERT_RULE.ENABLED.isTrue())
                .and(ALERT_RULE.CONDITION_KIND.eq(ConditionKind.NO_DATA.name()))
                .orderBy(ALERT_RULE.RULE_ID)
                .fetch(JooqAlertRuleRepository::rule));
  }

  @Override
  public void invalidate() {
    clear();
    // A change made in a still open transaction becomes visible at commit: a load in between
    // would cache the old rules, so forget them again then.
    db.transactor().current().ifPresent(open -> db.transactor().afterCommit(this::clear));
  }

  private void clear() {
    generation.incrementAndGet();
    cache.clear();
  }
}
