package dev.fieldops.invoicing.domain.numbering;

import java.time.Year;

/**
 * Hands out invoice numbers: one gapless series per year (a port).
 *
 * <p>Contract every implementation must keep (the {@code InvoiceRepositoryContract} test suite
 * checks it):
 *
 * <ul>
 *   <li><b>Same transaction as the issue.</b> {@link #next(Year)} is called only inside {@code
 *       InvoiceRepository.update(...)} (or another unit of work) and draws the number in
 *       <em>that</em> transaction. The PostgreSQL adapter keeps one counter row per year and does
 *       {@code INSERT ... ON CONFLICT (year) DO UPDATE SET last = counter.last + 1 RETURNING last}
 *       (or {@code SELECT ... FOR UPDATE} then {@code UPDATE}) on the transaction's connection.
 *       Called outside a transaction it must fail ({@link IllegalStateException}), never draw a
 *       number that nothing can roll back.
 *   <li><b>No gap on failure.</b> If the transaction rolls back after drawing (the issue broke a
 *       rule later, the save failed, the commit failed), the counter rolls back with it and the
 *       next issue gets the same number again. A database sequence ({@code nextval}) is therefore
 *       <em>not</em> acceptable: it is non-transactional and leaves gaps.
 *   <li><b>Serialised under concurrency.</b> Concurrent issues in one year queue on the counter
 *       row's lock, held until their transactions end, so numbers are unique and are assigned in
 *       commit order: a number committed later is never smaller than one committed earlier.
 *       Throughput of issuing is bounded by that lock; keep the issue transaction short (draw the
 *       number last, after every rule has been checked — {@code Invoice.issue} does).
 *   <li>Sequences start at 1 each year; the year is the issue instant's year in UTC.
 * </ul>
 */
public interface InvoiceNumberSeries {

  /** The next number of {@code year}'s series, drawn in the caller's transaction. */
  InvoiceNumber next(Year year);
}
