package dev.fieldops.invoicing.adapter.postgres;

import dev.fieldops.invoicing.adapter.nats.InvoicingEventMapper;
import dev.fieldops.invoicing.bootstrap.InvoicingMain;
import dev.fieldops.invoicing.domain.charge.ChargeRepository;
import dev.fieldops.invoicing.domain.customer.PaymentTermsRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.jooq.IdempotencyStore;
import dev.fieldops.jooq.MigrationSet;
import dev.fieldops.nats.inbox.Inbox;
import dev.fieldops.nats.outbox.Outbox;
import dev.fieldops.nats.outbox.OutboxWriter;
import dev.fieldops.runtime.TransactionalCommands;
import dev.fieldops.test.EachCall;
import dev.fieldops.test.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jooq.impl.DSL;

/**
 * A fresh, fully migrated invoicing database (platform tables and the service's own) with every
 * PostgreSQL adapter over it, for the adapter integration tests. Dropped on {@link #close()}.
 */
final class InvoicingDatabase implements AutoCloseable {

  private static final Set<String> CALLER_TRANSACTION_ONLY =
      Set.of("claimUnbilled", "lock", "billChosen", "releaseFromInvoice");

  final TestDatabase testDatabase;
  final Database database;

  /** Each call one transaction of its own (or joining the one open), as a command would open it. */
  final InvoiceRepository invoices;

  final JooqInvoiceQueries queries;
  final JooqInvoiceNumberSeries numbers;

  /**
   * Each call one transaction of its own (or joining the one open), except the calls whose contract
   * is to run only inside the caller's transaction (claiming, locking, billing, releasing): those
   * reach the repository as they are, so the suite proves that they refuse to run outside one.
   */
  final ChargeRepository charges;

  /** Each call one transaction of its own (or joining the one open). */
  final PaymentTermsRepository terms;

  private InvoicingDatabase(TestDatabase testDatabase, Database database) {
    this.testDatabase = testDatabase;
    this.database = database;
    var events = new InvoicingEventMapper();
    var outbox = new OutboxWriter();
    var transaction = new TransactionalCommands(database.transactor());
    invoices =
        EachCall.decorated(
            InvoiceRepository.class,
            new JooqInvoiceRepository(database.transactor(), outbox, events),
            transaction);
    queries = new JooqInvoiceQueries(database.transactor());
    numbers = new JooqInvoiceNumberSeries(database.transactor());
    charges =
        EachCall.decorated(
            ChargeRepository.class,
            new JooqChargeRepository(database.transactor(), outbox, events),
            transaction,
            method -> !CALLER_TRANSACTION_ONLY.contains(method.getName()));
    terms =
        EachCall.decorated(
            PaymentTermsRepository.class,
            new JooqPaymentTermsRepository(database.transactor()),
            transaction);
  }

  static InvoicingDatabase create() {
    TestDatabase testDatabase = TestDatabase.create();
    try {
      List<MigrationSet> migrations =
          new ArrayList<>(
              List.of(IdempotencyStore.MIGRATIONS, Outbox.MIGRATIONS, Inbox.MIGRATIONS));
      migrations.addAll(InvoicingMain.DESCRIPTOR.migrations());
      Database database =
          Database.start(
              DatabaseConfig.forUrl(
                      testDatabase.jdbcUrl(), testDatabase.username(), testDatabase.password())
                  .withMaximumPoolSize(12)
                  // Tests share two cores with whatever else runs; a lock wait is not what they
                  // test.
                  .withLockTimeout(java.time.Duration.ofSeconds(15)),
              migrations);
      return new InvoicingDatabase(testDatabase, database);
    } catch (RuntimeException e) {
      testDatabase.close();
      throw e;
    }
  }

  /** Runs {@code work} in one transaction, which the repositories' calls in it join. */
  <T> T inTransaction(Supplier<T> work) {
    return database.transactor().inTransaction(tx -> work.get());
  }

  Set<UUID> outboxEventIds() {
    return database
        .dsl()
        .select(DSL.field(DSL.name("event_id"), UUID.class))
        .from(DSL.table(DSL.name("outbox_event")))
        .fetchSet(DSL.field(DSL.name("event_id"), UUID.class))
        .stream()
        .collect(Collectors.toSet());
  }

  @Override
  public void close() {
    try {
      database.close();
    } finally {
      testDatabase.close();
    }
  }
}
