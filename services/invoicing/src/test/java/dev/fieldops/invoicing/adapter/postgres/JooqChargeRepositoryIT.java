package dev.fieldops.invoicing.adapter.postgres;

import dev.fieldops.invoicing.domain.charge.ChargeRepository;
import dev.fieldops.invoicing.domain.charge.ChargeRepositoryContract;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The PostgreSQL charge adapter keeps the same contract as the in-memory fake, on a real database.
 */
class JooqChargeRepositoryIT extends ChargeRepositoryContract {

  private static InvoicingDatabase db;

  @BeforeAll
  static void createDatabase() {
    db = InvoicingDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Override
  protected ChargeRepository charges() {
    return db.charges;
  }

  @Override
  protected InvoiceRepository invoices() {
    return db.invoices;
  }

  @Override
  protected <T> T inTransaction(Supplier<T> work) {
    return db.inTransaction(work);
  }

  @Override
  protected Set<UUID> outboxEventIds() {
    return db.outboxEventIds();
  }
}
