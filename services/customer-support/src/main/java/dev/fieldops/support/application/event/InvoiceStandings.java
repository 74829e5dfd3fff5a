package dev.fieldops.support.application.event;

import dev.fieldops.support.domain.customer.CustomerId;
import java.time.Instant;

/**
 * The invoices support has heard of per customer, with whether each is overdue or settled: the
 * source of a profile's account standing ({@code OVERDUE} while any invoice is overdue, {@code
 * GOOD} once any is known and none is overdue, {@code UNKNOWN} before). Written in the transaction
 * of the event that reports the change.
 *
 * <p>Settling (paid or voided) is final for an invoice, so both writes are order-free and
 * repeatable: an overdue notice for an invoice already settled changes nothing, and settling marks
 * the invoice settled whether or not its overdue notice was seen.
 */
public interface InvoiceStandings {

  /** Records the invoice as overdue unless it is already settled. */
  void overdue(CustomerId customerId, String invoiceId, Instant time);

  /** Records the invoice as settled (no longer owed), for good. */
  void settled(CustomerId customerId, String invoiceId, Instant time);
}
