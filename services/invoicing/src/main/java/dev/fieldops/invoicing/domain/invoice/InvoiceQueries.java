package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads invoices without loading aggregates for change (a port; the query side). Every query that
 * returns customer data takes an {@link AccessScope} and applies it in the query itself; what lies
 * outside the scope is absent, exactly as if it did not exist.
 */
public interface InvoiceQueries {

  /** One invoice, if it exists inside {@code scope}. */
  Optional<InvoiceSnapshot> get(InvoiceId id, AccessScope scope);

  /**
   * Invoices matching {@code filter} inside {@code scope}, ordered by invoice id (UUIDv7, so by
   * creation), one keyset page at a time: the cursor names the last id returned. A cursor this list
   * never handed out is {@code InvalidInputException} with reason {@code INVALID_PAGE_TOKEN} on
   * field {@code page_token} (as for every paged query).
   */
  Page<InvoiceSnapshot> list(InvoiceFilter filter, AccessScope scope, PageRequest page);

  /**
   * The payments of one invoice in the order they were recorded (the order of {@link
   * InvoiceSnapshot#payments()}; payment ids are UUIDv7 but two recorded within one millisecond
   * need not sort in record order, so store a position or order by record time, then id), or empty
   * when the invoice does not exist inside {@code scope}.
   */
  Optional<Page<Payment>> listPayments(InvoiceId id, AccessScope scope, PageRequest page);

  /** What {@code customer} owes as of {@code asOf}, as {@link CustomerBalance#of} defines it. */
  CustomerBalance balanceOf(CustomerId customer, Instant asOf);

  /**
   * Up to {@code limit} invoices the overdue scheduler should look at: ISSUED, not yet flagged
   * overdue, due time before {@code now}; earliest due first. Only ids: the scheduler flags each
   * through {@link InvoiceRepository#update}, which re-checks under the row lock.
   */
  List<InvoiceId> overdueCandidates(Instant now, int limit);
}
