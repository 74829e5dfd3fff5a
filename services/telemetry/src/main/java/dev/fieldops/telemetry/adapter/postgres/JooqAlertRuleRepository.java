package dev.fieldops.telemetry.adapter.postgres;

import static dev.fieldops.telemetry.adapter.postgres.jooq.Tables.ALERT_RULE;
import static java.time.temporal.ChronoUnit.MICROS;

import dev.fieldops.jooq.PageLimit;
import dev.fieldops.jooq.Transactor;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.adapter.postgres.jooq.tables.records.AlertRuleRecord;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleFilter;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;
import dev.fieldops.telemetry.domain.rule.ConditionKind;
import dev.fieldops.telemetry.domain.rule.RuleTarget;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Alert rules in the {@code alert_rule} table. Rules raise no events; every change moves the
 * customer's rule book version on and tells the replicas' rule caches ({@link CacheInvalidations}).
 */
public final class JooqAlertRuleRepository implements AlertRuleRepository {

  private final Db db;

  public JooqAlertRuleRepository(Transactor transactor, DSLContext dsl) {
    this.db = new Db(transactor, dsl);
  }

  @Override
  public void add(AlertRule rule) {
    db.join(
        tx -> {
          tx.insertInto(ALERT_RULE).set(record(rule)).execute();
          CacheInvalidations.rulesChanged(tx, rule.customerId());
          return null;
        });
  }

  @Override
  public AlertRule update(AlertRuleId id, AccessScope scope, UnaryOperator<AlertRule> change) {
    return db.join(
        tx -> {
          var loaded = rule(lockVisible(tx, id, scope));
          var changed = change.apply(loaded);
          if (changed.equals(loaded)) {
            return loaded;
          }
          if (!changed.id().equals(loaded.id()) || changed.version() != loaded.version() + 1) {
            throw new IllegalStateException(
                "a rule update saves the next version of the same rule, not " + changed);
          }
          tx.update(ALERT_RULE)
              .set(record(changed))
              .where(ALERT_RULE.RULE_ID.eq(id.value()))
              .execute();
          CacheInvalidations.rulesChanged(tx, changed.customerId());
          return changed;
        });
  }

  @Override
  public AlertRule delete(AlertRuleId id, AccessScope scope, Consumer<AlertRule> precondition) {
    return db.join(
        tx -> {
          var loaded = rule(lockVisible(tx, id, scope));
          precondition.accept(loaded);
          tx.deleteFrom(ALERT_RULE).where(ALERT_RULE.RULE_ID.eq(id.value())).execute();
          CacheInvalidations.rulesChanged(tx, loaded.customerId());
          return loaded;
        });
  }

  @Override
  public Optional<AlertRule> findById(AlertRuleId id, AccessScope scope) {
    return db.read(
        q ->
            q.selectFrom(ALERT_RULE)
                .where(ALERT_RULE.RULE_ID.eq(id.value()).and(visibleIn(scope)))
                .fetchOptional()
                .map(JooqAlertRuleRepository::rule));
  }

  @Override
  public Page<AlertRule> list(AlertRuleFilter filter, AccessScope scope, PageRequest page) {
    var conditions = new ArrayList<Condition>();
    conditions.add(visibleIn(scope));
    filter.customerId().ifPresent(c -> conditions.add(ALERT_RULE.CUSTOMER_ID.eq(c.value())));
    filter.targetDevice().ifPresent(d -> conditions.add(ALERT_RULE.DEVICE_ID.eq(d.value())));
    filter
        .watchedDevice()
        .ifPresent(
            d ->
                conditions.add(
                    ALERT_RULE.DEVICE_ID.eq(d.value()).or(ALERT_RULE.DEVICE_ID.isNull())));
    page.afterCursor().ifPresent(c -> conditions.add(ALERT_RULE.RULE_ID.gt(Cursors.uuid(c))));
    var rules =
        db.read(
            q ->
                q.selectFrom(ALERT_RULE)
                    .where(conditions)
                    .orderBy(ALERT_RULE.RULE_ID)
                    .limit(PageLimit.of(page))
                    .fetch(JooqAlertRuleRepository::rule));
    if (rules.size() <= page.size()) {
      return new Page<>(rules, Optional.empty());
    }
    var items = rules.subList(0, page.size());
    return new Page<>(items, Optional.of(Cursors.of(items.getLast().id().value())));
  }

  private static AlertRuleRecord lockVisible(DSLContext tx, AlertRuleId id, AccessScope scope) {
    return tx.selectFrom(ALERT_RULE)
        .where(ALERT_RULE.RULE_ID.eq(id.value()).and(visibleIn(scope)))
        .forUpdate()
        .fetchOptional()
        .orElseThrow(() -> NotFoundException.of("alert_rule", id.toString()));
  }

  private static Condition visibleIn(AccessScope scope) {
    return scope
        .confinedTo()
        .map(customer -> ALERT_RULE.CUSTOMER_ID.eq(customer.value()))
        .orElse(DSL.noCondition());
  }

  static AlertRule rule(AlertRuleRecord row) {
    var kind = ConditionKind.valueOf(row.getConditionKind());
    return new AlertRule(
        new AlertRuleId(row.getRuleId()),
        new CustomerId(row.getCustomerId()),
        row.getDeviceId() == null
            ? new RuleTarget.AllCustomerDevices()
            : new RuleTarget.SingleDevice(new DeviceId(row.getDeviceId())),
        row.getDisplayName(),
        Metric.valueOf(row.getMetric()),
        Severity.valueOf(row.getSeverity()),
        Optional.ofNullable(row.getEscalateAfterMicros())
            .map(micros -> Duration.of(micros, MICROS)),
        row.getEnabled(),
        ConditionJson.read(kind, row.getCondition()),
        Db.instant(row.getCreateTime()),
        Db.instant(row.getUpdateTime()),
        row.getVersion());
  }

  private static AlertRuleRecord record(AlertRule rule) {
    var row = new AlertRuleRecord();
    row.setRuleId(rule.id().value());
    row.setCustomerId(rule.customerId().value());
    row.setDeviceId(
        rule.target() instanceof RuleTarget.SingleDevice(DeviceId device) ? device.value() : null);
    row.setDisplayName(rule.displayName());
    row.setMetric(rule.metric().name());
    row.setSeverity(rule.severity().name());
    row.setEscalateAfterMicros(
        rule.escalateAfter().map(delay -> delay.toNanos() / 1_000).orElse(null));
    row.setEnabled(rule.enabled());
    row.setConditionKind(rule.condition().kind().name());
    row.setCondition(ConditionJson.write(rule.condition()));
    row.setCreateTime(Db.odt(rule.createTime()));
    row.setUpdateTime(Db.odt(rule.updateTime()));
    row.setVersion(rule.version());
    return row;
  }
}
