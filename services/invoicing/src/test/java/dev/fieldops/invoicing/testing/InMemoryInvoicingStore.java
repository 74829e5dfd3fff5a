package dev.fieldops.invoicing.testing;

import dev.fieldops.invoicing.domain.charge.ChargeId;
import dev.fieldops.invoicing.domain.charge.ChargeSnapshot;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.CustomerPaymentTerms;
import dev.fieldops.invoicing.domain.event.DomainEvent;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.kernel.CommandDecorator;
import dev.fieldops.kernel.CommandHandler;
import java.time.Year;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The fakes' shared "database": tables of immutable snapshots and a transaction that behaves like
 * the real one where it matters. One transaction at a time (a global lock: serializable by
 * construction); a transaction works on a copy of the tables and publishes it only if its work
 * returns, so an exception rolls back everything — invoices, charges, number counters and outbox
 * rows alike. Calls on the same thread inside an open transaction join it (no savepoints, like the
 * adapter). As a {@link CommandDecorator} it is the tests' stand-in for the platform's transaction
 * decorator: each command runs in one transaction of this store.
 */
public final class InMemoryInvoicingStore implements CommandDecorator {

  /** What a commit failure looks like here: the work ran, then the commit did not happen. */
  public static final class InjectedCommitFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedCommitFailure() {
      super("injected commit failure", null, false, false);
    }
  }

  static final class Tables {
    final Map<InvoiceId, InvoiceSnapshot> invoices;
    final Map<ChargeId, ChargeSnapshot> charges;
    final Map<Year, Long> counters;
    final Map<CustomerId, CustomerPaymentTerms> terms;
    final List<DomainEvent> outbox;

    Tables() {
      this(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new ArrayList<>());
    }

    private Tables(
        Map<InvoiceId, InvoiceSnapshot> invoices,
        Map<ChargeId, ChargeSnapshot> charges,
        Map<Year, Long> counters,
        Map<CustomerId, CustomerPaymentTerms> terms,
        List<DomainEvent> outbox) {
      this.invoices = invoices;
      this.charges = charges;
      this.counters = counters;
      this.terms = terms;
      this.outbox = outbox;
    }

    Tables copy() {
      return new Tables(
          new HashMap<>(invoices),
          new HashMap<>(charges),
          new HashMap<>(counters),
          new HashMap<>(terms),
          new ArrayList<>(outbox));
    }
  }

  private final ReentrantLock lock = new ReentrantLock(true);
  private final AtomicInteger commitFailuresToInject = new AtomicInteger();
  private volatile Tables committed = new Tables();
  private Tables working;

  @Override
  public <C, R> CommandHandler<C, R> decorate(CommandHandler<C, R> handler) {
    return command -> inTransaction(() -> handler.handle(command));
  }

  /** Runs {@code work} in one transaction, or in the one open on this thread. */
  public <T> T inTransaction(Supplier<T> work) {
    if (lock.isHeldByCurrentThread()) {
      return work.get();
    }
    lock.lock();
    try {
      working = committed.copy();
      T result = work.get();
      if (commitFailuresToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new InjectedCommitFailure();
      }
      committed = working;
      return result;
    } finally {
      working = null;
      lock.unlock();
    }
  }

  /** The next {@code count} commits fail after their work ran, and roll back. */
  public void failNextCommits(int count) {
    commitFailuresToInject.set(count);
  }

  /** Every event committed to the outbox, in the order written. */
  public List<DomainEvent> outbox() {
    return List.copyOf(read().outbox);
  }

  /**
   * The open transaction's tables on its own thread; otherwise the last committed ones (read only).
   */
  Tables read() {
    return lock.isHeldByCurrentThread() ? working : committed;
  }

  /** The open transaction's tables; refuses writes outside a transaction. */
  Tables write(String operation) {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException(operation + " must run inside a transaction");
    }
    return working;
  }
}
