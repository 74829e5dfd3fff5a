package dev.fieldops.support.application.event;

import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.ticket.AlertId;
import java.time.Instant;

/**
 * The alerts support knows of per customer, with whether each is still active: the source of a
 * profile's {@code activeAlertCount}. Written in the transaction of the event that reports the
 * change.
 *
 * <p>Because clearing is final for an alert, both writes are order-free and repeatable: a raise of
 * an alert already known changes nothing, and a clearance marks the alert cleared for good even if
 * its raise has not arrived yet (the late raise then changes nothing). Duplicates, redeliveries and
 * events overtaking each other therefore cannot skew the count.
 */
public interface ActiveAlerts {

  /** Records the alert as active unless support already knows it. */
  void raised(CustomerId customerId, AlertId alertId, Instant raiseTime);

  /** Records the alert as cleared, whether or not its raise was seen. */
  void cleared(CustomerId customerId, AlertId alertId, Instant clearTime);
}
