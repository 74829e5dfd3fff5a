package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.invoicing.domain.customer.AccessScope;
import java.util.Optional;
import java.util.function.Function;

/**
 * Stores invoice aggregates (a port; the command side). Each method joins the transaction already
 * open on the calling thread (a command's, opened by the application's transaction decorator): then
 * it commits or rolls back with that transaction. Called outside one, it is its own transaction.
 *
 * <p>Saving an invoice always pulls its events ({@link Invoice#pullEvents()}) and writes them to
 * the outbox in the same transaction, in the order raised: no event without its change, no change
 * without its events.
 *
 * <p>What is stored must come back equal ({@code find(id).snapshot().equals(saved)}): lines and
 * payments in their order, totals and tax breakdown as frozen at issue, every time to the
 * microsecond (PostgreSQL's precision — wire a clock that ticks in microseconds, e.g. {@code
 * Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000))}). The {@code InvoiceRepositoryContract}
 * test suite states all of this as tests.
 */
public interface InvoiceRepository {

  /** Inserts a new invoice (with its events). An id that exists already is a programming error. */
  void add(Invoice invoice);

  /**
   * The invoice, if it exists inside {@code scope}. For reading only: a change must go through
   * {@link #update}, which locks.
   */
  Optional<Invoice> find(InvoiceId id, AccessScope scope);

  /**
   * Changes one invoice in one transaction: loads it <em>locked</em> ({@code SELECT ... FOR
   * UPDATE}) within {@code scope}, applies {@code change}, saves the result with its new version
   * and writes its events to the outbox, then commits. Concurrent updates of one invoice therefore
   * run one after the other, each seeing the previous one's result.
   *
   * <p>If {@code change} throws, nothing is saved and the exception propagates (the transaction
   * rolls back, including whatever {@code change} did through other ports in it, such as drawing an
   * invoice number). An invoice that does not exist or lies outside {@code scope} is {@code
   * NotFoundException} ({@code INVOICE_NOT_FOUND}) and {@code change} does not run. Adapters may
   * retry the whole call on a serialization failure or deadlock; {@code change} must therefore be
   * free of effects outside the transaction.
   *
   * @return what {@code change} returned
   */
  <R> R update(InvoiceId id, AccessScope scope, Function<Invoice, R> change);
}
