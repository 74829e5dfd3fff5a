package dev.fieldops.telemetry.adapter.postgres;

import static dev.fieldops.telemetry.adapter.postgres.jooq.Tables.ALERT_RULE;

import dev.fieldops.jooq.Transactor;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.ConditionKind;
import dev.fieldops.telemetry.domain.rule.EnabledRules;
import dev.fieldops.telemetry.domain.rule.RuleBook;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The enabled rules per customer, cached for the evaluation path with the version of the customer's
 * rule book they were read at: a batch's devices need one query for the customers not in the cache
 * and none for the others. This instance's rule handlers invalidate the cache (and again once their
 * transaction commits), other replicas' changes do when their notification arrives ({@link
 * CacheInvalidationRelay}); until then, the evaluation pass tells stale rules by the version in its
 * locking query. So an entry needs no time-to-live.
 */
public final class JooqRuleBook implements RuleBook {

  private static final String VERSIONS =
      "SELECT c.customer_id, coalesce(b.version, 0) FROM unnest({0}) AS c(customer_id)"
          + " LEFT JOIN rule_book AS b ON b.customer_id = c.customer_id";

  private final Db db;
  private final ConcurrentHashMap<CustomerId, Cached> cache = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  private record Cached(EnabledRules enabled, long version) {}

  public JooqRuleBook(Transactor transactor, DSLContext dsl) {
    this.db = new Db(transactor, dsl);
  }

  @Override
  public Map<DeviceId, List<AlertRule>> rulesFor(Collection<DeviceProfile> devices) {
    return rulesWithVersions(devices).byDevice();
  }

  @Override
  public Rules rulesWithVersions(Collection<DeviceProfile> devices) {
    var customers = new LinkedHashSet<CustomerId>();
    devices.forEach(device -> customers.add(device.customerId()));
    var rulesByCustomer = new HashMap<CustomerId, Cached>();
    var missing = new ArrayList<String>();
    for (CustomerId customer : customers) {
      var cached = cache.get(customer);
      if (cached != null) {
        rulesByCustomer.put(customer, cached);
      } else {
        missing.add(customer.value());
      }
    }
    if (!missing.isEmpty()) {
      long loadedGeneration = generation.get();
      // The versions first, then the rules: rules read later are at least as new as the version
      // they are cached with, so a change in between only makes the next pass read them again.
      var versions = new HashMap<CustomerId, Long>();
      var loaded = new HashMap<CustomerId, List<AlertRule>>();
      db.read(
          q -> {
            q.fetch(VERSIONS, DSL.val(missing.toArray(String[]::new), SQLDataType.CLOB.array()))
                .forEach(
                    row ->
                        versions.put(
                            new CustomerId(row.get(0, String.class)), row.get(1, Long.class)));
            missing.forEach(customer -> loaded.put(new CustomerId(customer), new ArrayList<>()));
            q.selectFrom(ALERT_RULE)
                .where(ALERT_RULE.CUSTOMER_ID.eq(DSLAny.texts(missing)))
                .and(ALERT_RULE.ENABLED.isTrue())
                .orderBy(ALERT_RULE.RULE_ID)
                .fetch(JooqAlertRuleRepository::rule)
                .forEach(rule -> loaded.get(rule.customerId()).add(rule));
            return null;
          });
      boolean current = generation.get() == loadedGeneration;
      loaded.forEach(
          (customer, rules) -> {
            var entry = new Cached(EnabledRules.of(rules), versions.getOrDefault(customer, 0L));
            rulesByCustomer.put(customer, entry);
            if (current) {
              cache.put(customer, entry);
            }
          });
    }
    var result = new HashMap<DeviceId, List<AlertRule>>();
    for (DeviceProfile device : devices) {
      var entry = rulesByCustomer.get(device.customerId());
      result.put(device.id(), entry.enabled().appliesTo(device));
    }
    var versions = new HashMap<CustomerId, Long>();
    rulesByCustomer.forEach((customer, entry) -> versions.put(customer, entry.version()));
    return new Rules(result, versions);
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

  @Override
  public void invalidate(CustomerId customer) {
    generation.incrementAndGet();
    cache.remove(customer);
    db.transactor()
        .current()
        .ifPresent(
            open ->
                db.transactor()
                    .afterCommit(
                        () -> {
                          generation.incrementAndGet();
                          cache.remove(customer);
                        }));
  }

  /** Forgets every customer's rules (notifications of other replicas' changes may be missed). */
  public void clear() {
    generation.incrementAndGet();
    cache.clear();
  }
}
