package dev.fieldops.telemetry.adapter.postgres;

import static dev.fieldops.telemetry.adapter.postgres.jooq.Tables.ALERT;
import static dev.fieldops.telemetry.adapter.postgres.jooq.Tables.ALERT_RULE;

import dev.fieldops.jooq.Transactor;
import dev.fieldops.telemetry.domain.alert.AlertId;
import dev.fieldops.telemetry.domain.alert.AlertState;
import dev.fieldops.telemetry.domain.alert.EscalationCandidates;
import dev.fieldops.telemetry.domain.rule.Severity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The alerts due for time-based escalation, in one query: the ACTIVE WARNING alerts (a partial
 * index by raise time, see V3) joined to their rule, due when raise time plus the rule's {@code
 * escalate_after_micros} has passed. The rule's current delay counts, as in {@link
 * dev.fieldops.telemetry.domain.alert.Alert#escalationDue}; a deleted or disabled rule escalates
 * nothing.
 */
public final class JooqEscalationCandidates implements EscalationCandidates {

  private final Db db;

  public JooqEscalationCandidates(Transactor transactor, DSLContext dsl) {
    this.db = new Db(transactor, dsl);
  }

  @Override
  public List<AlertId> dueAt(Instant now, int limit) {
    Field<OffsetDateTime> due =
        DSL.field(
            "{0} + {1} * interval '1 microsecond'",
            SQLDataType.TIMESTAMPWITHTIMEZONE, ALERT.RAISE_TIME, ALERT_RULE.ESCALATE_AFTER_MICROS);
    return db.read(
        q ->
            q.select(ALERT.ALERT_ID)
                .from(ALERT)
                .join(ALERT_RULE)
                .on(ALERT_RULE.RULE_ID.eq(ALERT.RULE_ID))
                .where(ALERT.STATE.eq(AlertState.ACTIVE.name()))
                .and(ALERT.SEVERITY.eq(Severity.WARNING.name()))
                .and(ALERT_RULE.ENABLED)
                .and(ALERT_RULE.ESCALATE_AFTER_MICROS.isNotNull())
                .and(due.le(Db.odt(now)))
                .orderBy(due, ALERT.ALERT_ID)
                .limit(limit)
                .fetch(row -> new AlertId(row.value1())));
  }
}
