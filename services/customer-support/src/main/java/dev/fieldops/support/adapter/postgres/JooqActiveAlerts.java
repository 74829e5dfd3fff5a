package dev.fieldops.support.adapter.postgres;

import static dev.fieldops.support.adapter.postgres.TicketRows.odt;
import static dev.fieldops.support.adapter.postgres.jooq.Tables.ALERT_ACTIVITY;

import dev.fieldops.jooq.Transactor;
import dev.fieldops.support.application.event.ActiveAlerts;
import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.ticket.AlertId;
import java.time.Instant;
import org.jooq.impl.DSL;

/**
 * {@code alert_activity}, one row per alert: an upsert per event, in the consumer's transaction.
 * "Cleared wins" is in the statements themselves (a raise inserts only when the alert is unknown),
 * so no read-then-write race exists between two instances.
 */
public final class JooqActiveAlerts implements ActiveAlerts {

  static final String ACTIVE = "ACTIVE";
  static final String CLEARED = "CLEARED";

  private final Transactor transactor;

  public JooqActiveAlerts(Transactor transactor) {
    this.transactor = transactor;
  }

  @Override
  public void raised(CustomerId customerId, AlertId alertId, Instant raiseTime) {
    transactor.joinedRun(
        tx ->
            tx.insertInto(ALERT_ACTIVITY)
                .set(ALERT_ACTIVITY.ALERT_ID, alertId.value())
                .set(ALERT_ACTIVITY.CUSTOMER_ID, customerId.value())
                .set(ALERT_ACTIVITY.STATE, ACTIVE)
                .set(ALERT_ACTIVITY.RAISE_TIME, odt(raiseTime))
                .onConflict(ALERT_ACTIVITY.ALERT_ID)
                .doUpdate()
                // Known already: at most learn the raise time of an alert cleared before its raise
                // arrived. The state never goes back from CLEARED.
                .set(
                    ALERT_ACTIVITY.RAISE_TIME,
                    DSL.coalesce(
                        ALERT_ACTIVITY.RAISE_TIME, DSL.excluded(ALERT_ACTIVITY.RAISE_TIME)))
                .execute());
  }

  @Override
  public void cleared(CustomerId customerId, AlertId alertId, Instant clearTime) {
    transactor.joinedRun(
        tx ->
            tx.insertInto(ALERT_ACTIVITY)
                .set(ALERT_ACTIVITY.ALERT_ID, alertId.value())
                .set(ALERT_ACTIVITY.CUSTOMER_ID, customerId.value())
                .set(ALERT_ACTIVITY.STATE, CLEARED)
                .set(ALERT_ACTIVITY.CLEAR_TIME, odt(clearTime))
                .onConflict(ALERT_ACTIVITY.ALERT_ID)
                .doUpdate()
                .set(ALERT_ACTIVITY.STATE, CLEARED)
                .set(
                    ALERT_ACTIVITY.CLEAR_TIME,
                    DSL.coalesce(
                        ALERT_ACTIVITY.CLEAR_TIME, DSL.excluded(ALERT_ACTIVITY.CLEAR_TIME)))
                .set(ALERT_ACTIVITY.UPDATE_TIME, DSL.currentOffsetDateTime())
                .execute());
  }
}
