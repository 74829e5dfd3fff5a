package dev.fieldops.invoicing.adapter.postgres;

import dev.fieldops.invoicing.application.UnitOfWork;
import dev.fieldops.jooq.Transactor;
import java.util.function.Supplier;

/** The application's unit of work is the platform's transactor: same joining, same retries. */
public final class TransactorUnitOfWork implements UnitOfWork {

  private final Transactor transactor;

  public TransactorUnitOfWork(Transactor transactor) {
    this.transactor = transactor;
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    return transactor.inTransaction(tx -> work.get());
  }
}
