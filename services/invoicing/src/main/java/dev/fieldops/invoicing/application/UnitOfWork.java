package dev.fieldops.invoicing.application;

import java.util.function.Supplier;

/**
 * One database transaction around several port calls (a port). Work passed in runs on the calling
 * thread; every repository call it makes joins this transaction, which commits when the work
 * returns and rolls back when it throws (the exception propagates). Calling {@code inTransaction}
 * inside an open transaction joins it.
 *
 * <p>The PostgreSQL adapter implements this with jooq-support's {@code Transactor}, which has
 * exactly these semantics ({@code transactor.inTransaction(tx -> work.get())}); the repositories,
 * the number series and the idempotency store then run their SQL on {@code transactor.current()}
 * (or through {@code transactor.inTransaction}, which joins), so they share the connection. The
 * transactor retries the whole work on a serialization failure or deadlock; the work must
 * therefore have no effects outside the transaction.
 */
public interface UnitOfWork {

  <T> T inTransaction(Supplier<T> work);
}
