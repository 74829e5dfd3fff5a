package dev.fieldops.telemetry.adapter.postgres;

import static dev.fieldops.telemetry.adapter.postgres.jooq.Tables.ALERT;

import dev.fieldops.jooq.FixedStatement;
import dev.fieldops.jooq.PageLimit;
import dev.fieldops.jooq.SqlFailures;
import dev.fieldops.jooq.Transactor;
import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.nats.outbox.OutboxEncoder;
import dev.fieldops.nats.outbox.OutboxEvent;
import dev.fieldops.nats.outbox.OutboxWriter;
import dev.fieldops.telemetry.adapter.postgres.jooq.tables.records.AlertRecord;
import dev.fieldops.telemetry.domain.alert.Alert;
import dev.fieldops.telemetry.domain.alert.AlertBatch;
import dev.fieldops.telemetry.domain.alert.AlertChange;
import dev.fieldops.telemetry.domain.alert.AlertData;
import dev.fieldops.telemetry.domain.alert.AlertFilter;
import dev.fieldops.telemetry.domain.alert.AlertId;
import dev.fieldops.telemetry.domain.alert.AlertRepository;
import dev.fieldops.telemetry.domain.alert.AlertState;
import dev.fieldops.telemetry.domain.alert.ClearCause;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.TemperatureChanged;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.ConditionKind;
import dev.fieldops.telemetry.domain.rule.PeakDirection;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import dev.fieldops.telemetry.domain.shared.DomainEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Alerts in the {@code alert} table. The partial unique index over open alerts enforces "one open
 * alert per (device, rule)"; versions make every save optimistic. An evaluation pass is saved in
 * one transaction, updates before inserts (a pass may clear an alert and raise the next one for the
 * same rule), with every alert event and temperature report going to the outbox.
 */
public final class JooqAlertRepository implements AlertRepository {

  // Inline, not bound: it is part of a fixed statement (below), and as a literal it matches the
  // partial index over open alerts in every query.
  private static final Condition OPEN = ALERT.STATE.ne(DSL.inline(AlertState.CLEARED.name()));

  // The open alerts of a pass's devices, read by every evaluation pass: rendered once (jOOQ
  // rendering it was over a quarter of telemetry's rendering in a profile of the system benchmark).
  private static final FixedStatement OPEN_OF_DEVICES =
      FixedStatement.of(
          List.of("device_ids"),
          DSL.selectFrom(ALERT)
              .where(ALERT.DEVICE_ID.eq(DSL.any(DSL.param("device_ids", SQLDataType.UUID.array()))))
              .and(OPEN)
              .orderBy(ALERT.ALERT_ID));

  private final Db db;
  private final OutboxWriter outbox;
  private final OutboxEncoder<DomainEvent> events;
  private final Optional<AlertChangeNotices> notices;

  public JooqAlertRepository(
      Transactor transactor,
      DSLContext dsl,
      OutboxWriter outbox,
      OutboxEncoder<DomainEvent> events) {
    this(transactor, dsl, outbox, events, Optional.empty());
  }

  /**
   * @param notices when present, every saved change is also notified on its channel, for the alert
   *     feeds of the other replicas ({@link AlertChangeRelay})
   */
  public JooqAlertRepository(
      Transactor transactor,
      DSLContext dsl,
      OutboxWriter outbox,
      OutboxEncoder<DomainEvent> events,
      Optional<AlertChangeNotices> notices) {
    this.db = new Db(transactor, dsl);
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.events = Objects.requireNonNull(events, "events");
    this.notices = Objects.requireNonNull(notices, "notices");
  }

  @Override
  public Optional<Alert> findById(AlertId id, AccessScope scope) {
    return db.read(
        q ->
            q.selectFrom(ALERT)
                .where(ALERT.ALERT_ID.eq(id.value()).and(visibleIn(scope)))
                .fetchOptional()
                .map(row -> Alert.rehydrate(data(row))));
  }

  @Override
  public Page<Alert> list(AlertFilter filter, AccessScope scope, PageRequest page) {
    var conditions = new ArrayList<Condition>();
    conditions.add(visibleIn(scope));
    filter.customerId().ifPresent(c -> conditions.add(ALERT.CUSTOMER_ID.eq(c.value())));
    filter.deviceId().ifPresent(d -> conditions.add(ALERT.DEVICE_ID.eq(d.value())));
    filter.ruleId().ifPresent(r -> conditions.add(ALERT.RULE_ID.eq(r.value())));
    if (!filter.states().isEmpty()) {
      conditions.add(ALERT.STATE.in(filter.states().stream().map(Enum::name).toList()));
    }
    filter.severity().ifPresent(s -> conditions.add(ALERT.SEVERITY.eq(s.name())));
    // Newest first: UUIDv7 ids sort by raise time (uuid order is byte order, as in Java's text).
    page.afterCursor().ifPresent(c -> conditions.add(ALERT.ALERT_ID.lt(Cursors.uuid(c))));
    var alerts =
        db.read(
            q ->
                q.selectFrom(ALERT)
                    .where(conditions)
                    .orderBy(ALERT.ALERT_ID.desc())
                    .limit(PageLimit.of(page))
                    .fetch(row -> Alert.rehydrate(data(row))));
    if (alerts.size() <= page.size()) {
      return new Page<>(alerts, Optional.empty());
    }
    var items = alerts.subList(0, page.size());
    return new Page<>(items, Optional.of(Cursors.of(items.getLast().id().value())));
  }

  @Override
  public List<Alert> findOpen(Set<DeviceId> devices) {
    if (devices.isEmpty()) {
      return List.of();
    }
    // One value, the array: typed as UUID[] it would be taken as the varargs array of values.
    Object ids = devices.stream().map(DeviceId::value).toArray(UUID[]::new);
    return db.read(
        q ->
            OPEN_OF_DEVICES.query(
                q,
                // The rows in the table's column order, as selectFrom renders them: no metadata.
                results ->
                    q.fetch(results.next(), ALERT.fields())
                        .into(ALERT)
                        .map(row -> Alert.rehydrate(data(row))),
                ids));
  }

  @Override
  public List<Alert> findOpenByRule(AlertRuleId ruleId) {
    return db.read(
        q ->
            q.selectFrom(ALERT)
                .where(ALERT.RULE_ID.eq(ruleId.value()))
                .and(OPEN)
                .orderBy(ALERT.ALERT_ID)
                .fetch(row -> Alert.rehydrate(data(row))));
  }

  @Override
  public Alert update(AlertId id, AccessScope scope, Consumer<Alert> change) {
    return db.write(
        tx -> {
          var row =
              tx.selectFrom(ALERT)
                  .where(ALERT.ALERT_ID.eq(id.value()).and(visibleIn(scope)))
                  .forUpdate()
                  .fetchOptional()
                  .orElseThrow(() -> NotFoundException.of("alert", id.toString()));
          var alert = Alert.rehydrate(data(row));
          change.accept(alert);
          if (alert.hasChanges()) {
            long expected = row.getVersion();
            var raised = alert.pullEvents();
            tx.update(ALERT)
                .set(record(alert.data()))
                .where(ALERT.ALERT_ID.eq(id.value()).and(ALERT.VERSION.eq(expected)))
                .execute();
            outbox.appendAll(tx, events.encodeAll(raised));
            notify(tx, List.of(new AlertChangeNotices.Change(alert.data(), raised)));
          }
          return alert;
        });
  }

  @Override
  public void saveAll(AlertBatch batch) {
    if (batch.isEmpty()) {
      return;
    }
    if (db.transactor().current().isEmpty()) {
      db.write(
          tx -> {
            save(tx, batch);
            return null;
          });
      return;
    }
    // Inside an evaluation pass's transaction, which retries after a conflict: a failed save must
    // leave nothing behind (and a unique violation must not abort the whole transaction).
    db.transactor()
        .joinedUnderSavepoint(
            tx -> {
              save(tx, batch);
              return null;
            });
  }

  private void save(DSLContext tx, AlertBatch batch) {
    var inserts = new ArrayList<AlertRecord>();
    var outboxRows = new ArrayList<OutboxEvent>();
    for (AlertChange change : batch.changes()) {
      if (change.isNew()) {
        inserts.add(record(change.alert()));
      } else {
        int updated =
            tx.update(ALERT)
                .set(record(change.alert()))
                .where(ALERT.ALERT_ID.eq(change.alert().id().value()))
                .and(ALERT.VERSION.eq(change.expectedVersion()))
                .execute();
        if (updated != 1) {
          throw conflict(change.alert().id());
        }
      }
      outboxRows.addAll(events.encodeAll(change.events()));
    }
    if (!inserts.isEmpty()) {
      try {
        var insert = tx.insertInto(ALERT).set(inserts.getFirst());
        for (AlertRecord next : inserts.subList(1, inserts.size())) {
          insert = insert.newRecord().set(next);
        }
        insert.execute();
      } catch (DataAccessException e) {
        if (SqlFailures.isUniqueViolation(e)) {
          throw conflict(inserts.getFirst().getAlertId());
        }
        throw e;
      }
    }
    for (TemperatureChanged report : batch.temperatureChanges()) {
      outboxRows.add(events.encode(report));
    }
    outbox.appendAll(tx, outboxRows);
    notify(
        tx,
        batch.changes().stream()
            .map(change -> new AlertChangeNotices.Change(change.alert(), change.events()))
            .toList());
  }

  private void notify(DSLContext tx, List<AlertChangeNotices.Change> changes) {
    notices.ifPresent(channel -> channel.notify(tx, changes));
  }

  private static ConcurrencyConflictException conflict(Object alertId) {
    return new ConcurrencyConflictException(
        "CONCURRENT_UPDATE",
        "alert " + alertId + " changed concurrently",
        Map.of("alert_id", alertId.toString()));
  }

  private static Condition visibleIn(AccessScope scope) {
    return scope
        .confinedTo()
        .map(customer -> ALERT.CUSTOMER_ID.eq(customer.value()))
        .orElse(DSL.noCondition());
  }

  static AlertData data(AlertRecord row) {
    return new AlertData(
        new AlertId(row.getAlertId()),
        new DeviceId(row.getDeviceId()),
        new CustomerId(row.getCustomerId()),
        new AlertRuleId(row.getRuleId()),
        Metric.valueOf(row.getMetric()),
        ConditionKind.valueOf(row.getConditionKind()),
        PeakDirection.valueOf(row.getPeakDirection()),
        row.getSummary(),
        Severity.valueOf(row.getSeverity()),
        AlertState.valueOf(row.getState()),
        row.getRaiseValue(),
        row.getPeakValue(),
        row.getLastValue(),
        Db.instant(row.getFirstBreachTime()),
        Db.instant(row.getLastBreachTime()),
        Db.instant(row.getRaiseTime()),
        Db.optionalInstant(row.getEscalateTime()),
        Optional.ofNullable(row.getAcknowledgedBy()),
        Db.optionalInstant(row.getAcknowledgeTime()),
        row.getAcknowledgeNote(),
        Db.optionalInstant(row.getClearTime()),
        Optional.ofNullable(row.getClearCause()).map(ClearCause::valueOf),
        Db.instant(row.getUpdateTime()),
        row.getVersion());
  }

  private static AlertRecord record(AlertData alert) {
    var row = new AlertRecord();
    row.setAlertId(alert.id().value());
    row.setDeviceId(alert.deviceId().value());
    row.setCustomerId(alert.customerId().value());
    row.setRuleId(alert.ruleId().value());
    row.setMetric(alert.metric().name());
    row.setConditionKind(alert.conditionKind().name());
    row.setPeakDirection(alert.peakDirection().name());
    row.setSummary(alert.summary());
    row.setSeverity(alert.severity().name());
    row.setState(alert.state().name());
    row.setRaiseValue(alert.raiseValue());
    row.setPeakValue(alert.peakValue());
    row.setLastValue(alert.lastValue());
    row.setFirstBreachTime(Db.odt(alert.firstBreachTime()));
    row.setLastBreachTime(Db.odt(alert.lastBreachTime()));
    row.setRaiseTime(Db.odt(alert.raiseTime()));
    row.setEscalateTime(alert.escalateTime().map(Db::odt).orElse(null));
    row.setAcknowledgedBy(alert.acknowledgedBy().orElse(null));
    row.setAcknowledgeTime(alert.acknowledgeTime().map(Db::odt).orElse(null));
    row.setAcknowledgeNote(alert.acknowledgeNote());
    row.setClearTime(alert.clearTime().map(Db::odt).orElse(null));
    row.setClearCause(alert.clearCause().map(Enum::name).orElse(null));
    row.setUpdateTime(Db.odt(alert.updateTime()));
    row.setVersion(alert.version());
    return row;
  }
}
