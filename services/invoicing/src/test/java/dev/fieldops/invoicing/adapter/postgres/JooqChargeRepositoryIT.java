package dev.fieldops.invoicing.adapter.postgres;

import dev.fieldops.invoicing.application.UnitOfWork;
import dev.fieldops.invoicing.domain.charge.ChargeRepository;
import dev.fieldops.invoicing.domain.charge.ChargeRepositoryContract;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL charge adapter keeps the same contract as the in-memory fake, on a real database. */
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
  protected UnitOfWork unitOfWork() {
    return db.unitOfWork;
  }

  @Override
  protected Set<UUID> outboxEventIds() {
    return db.outboxEventIds();
  }
}
