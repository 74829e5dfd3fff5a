package dev.fieldops.invoicing.domain.charge;

import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Stores charges and bills them (a port). Like {@code InvoiceRepository}, a method runs in its own
 * transaction or joins the one open on the calling thread; {@link #claimUnbilled}, {@link #lock},
 * {@link #billChosen} and {@link #releaseFromInvoice} exist to be combined with an invoice change
 * in one transaction and must be called inside one (outside, they throw {@link
 * IllegalStateException}).
 */
public interface ChargeRepository {

  /**
   * Stores {@code charge} (with its {@code ChargeRecorded} event, into the outbox) unless a charge
   * with the same source reference exists already; returns whichever is stored. Atomic under
   * concurrency: the PostgreSQL adapter does {@code INSERT ... ON CONFLICT (source_reference) DO
   * NOTHING} and reads the holder when nothing was inserted. The caller compares the result with
   * what it wanted to decide between "the same charge again" and a conflict.
   */
  ChargeSnapshot addIfAbsent(UnbilledCharge charge);

  /** A charge, billed or not, if it exists inside {@code scope}. */
  Optional<ChargeSnapshot> find(ChargeId id, AccessScope scope);

  /**
   * Unbilled charges matching {@code filter} inside {@code scope}, ordered by charge id (UUIDv7),
   * one keyset page at a time.
   */
  Page<ChargeSnapshot> listUnbilled(ChargeFilter filter, AccessScope scope, PageRequest page);

  /**
   * In the caller's transaction: takes up to {@code limit} unbilled charges that {@code selection}
   * covers (a selection that names no charges: the customer's, in the currency, before the cut-off
   * if there is one), oldest occurrence first (then by id), bills each to {@code invoice} and
   * returns them as billed. A charge is claimed by one transaction only: the PostgreSQL adapter
   * selects with {@code FOR UPDATE SKIP LOCKED} (charges another transaction is claiming are
   * skipped, not waited for) and sets {@code billed_invoice_id} where it is still null. If the
   * transaction rolls back, the charges are unbilled again. Returns an empty list when nothing is
   * left to claim.
   *
   * <p>The claim runs <em>before</em> the draft it bills is inserted (the draft's lines are built
   * from what was claimed), so a foreign key from {@code billed_invoice_id} to the invoice table
   * must be {@code DEFERRABLE INITIALLY DEFERRED}.
   */
  List<ChargeSnapshot> claimUnbilled(ChargeSelection selection, InvoiceId invoice, int limit);

  /**
   * In the caller's transaction: those of {@code ids} that exist (any customer, billed or not),
   * each locked until the transaction ends, in no particular order. Unlike {@link #claimUnbilled}
   * it <em>waits</em> for a charge another transaction is billing, and then sees that transaction's
   * outcome, so the caller can say exactly why a charge it was asked for cannot be billed ({@link
   * ChargeSelection#requireBillable}).
   */
  List<ChargeSnapshot> lock(Collection<ChargeId> ids);

  /**
   * In the caller's transaction: bills the charges {@code selection} names, which the caller has
   * {@link #lock locked} and found billable, to {@code invoice}, and returns them as billed, oldest
   * occurrence first (then by id). A named charge that is not unbilled any more is a programming
   * error ({@link IllegalStateException}): the lock rules that out.
   */
  List<ChargeSnapshot> billChosen(ChargeSelection selection, InvoiceId invoice);

  /**
   * In the caller's transaction: if {@code charge} is billed on {@code invoice}, makes it unbilled
   * again and returns it; otherwise (billed elsewhere, unbilled, unknown) changes nothing. Used
   * when its line leaves a draft and when its invoice is voided with its charges released.
   */
  Optional<ChargeSnapshot> releaseFromInvoice(InvoiceId invoice, ChargeId charge);
}
