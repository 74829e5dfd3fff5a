package dev.fieldops.support.adapter.postgres;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.jooq.IdempotencyStore;
import dev.fieldops.nats.inbox.Inbox;
import dev.fieldops.nats.outbox.Outbox;
import dev.fieldops.nats.outbox.OutboxWriter;
import dev.fieldops.runtime.TransactionalCommands;
import dev.fieldops.support.adapter.nats.SupportEventMapper;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsRepository;
import dev.fieldops.support.domain.shared.RecordedEvent;
import dev.fieldops.support.domain.ticket.TicketRepository;
import dev.fieldops.test.EachCall;
import dev.fieldops.test.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * A fresh database migrated like production (platform sets, then support's) with every PostgreSQL
 * adapter over it, for the contract-suite ITs. One per test class.
 */
final class SupportStore implements AutoCloseable {

  final TestDatabase testDatabase;
  final Database database;

  /** Each call one transaction of its own, as a decorated command would open it. */
  final TicketRepository tickets;

  final JooqTicketQueries ticketQueries;
  final JooqTicketNumberSequence ticketNumbers;

  /** Each call one transaction of its own, as a decorated command would open it. */
  final CustomerSupportDetailsRepository customers;

  final JooqCustomerSupportQueries customerQueries;
  final TicketCache ticketCache;

  private SupportStore(TestDatabase testDatabase, Database database, TicketCache ticketCache) {
    this.testDatabase = testDatabase;
    this.database = database;
    this.ticketCache = ticketCache;
    var dsl = database.dsl();
    var tx = database.transactor();
    var outbox = new OutboxWriter();
    var mapper = new SupportEventMapper();
    var transaction = new TransactionalCommands(tx);
    this.tickets =
        EachCall.decorated(
            TicketRepository.class,
            new JooqTicketRepository(dsl, tx, outbox, mapper, ticketCache),
            transaction);
    this.ticketQueries = new JooqTicketQueries(dsl, tx, ticketCache);
    this.ticketNumbers = new JooqTicketNumberSequence(dsl, tx);
    this.customers =
        EachCall.decorated(
            CustomerSupportDetailsRepository.class,
            new JooqCustomerSupportDetailsRepository(dsl, tx, outbox, mapper),
            transaction);
    this.customerQueries = new JooqCustomerSupportQueries(dsl, tx);
  }

  /** Without a ticket cache: every read goes to the database. */
  static SupportStore start() {
    return start(0);
  }

  /**
   * With a ticket cache of {@code cacheSize} snapshots (0: none), returned once the cache hears
   * every change.
   */
  static SupportStore start(int cacheSize) {
    var testDatabase = TestDatabase.create();
    try {
      var database =
          Database.start(
              DatabaseConfig.forUrl(
                  testDatabase.jdbcUrl(), testDatabase.username(), testDatabase.password()),
              List.of(
                  IdempotencyStore.MIGRATIONS,
                  Outbox.MIGRATIONS,
                  Inbox.MIGRATIONS,
                  SupportMigrations.SET));
      var cache = TicketCache.start(cacheSize, database.config());
      if (cacheSize > 0) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(cache::serving);
      }
      return new SupportStore(testDatabase, database, cache);
    } catch (RuntimeException e) {
      testDatabase.close();
      throw e;
    }
  }

  /** The outbox rows of one aggregate, in the order written. */
  List<RecordedEvent> outboxOf(String aggregateType, String aggregateId) {
    return database
        .dsl()
        .select(
            field("event_id", UUID.class),
            field("event_type", String.class),
            field("aggregate_version", Long.class))
        .from(table("outbox_event"))
        .where(field("aggregate_type", String.class).eq(aggregateType))
        .and(field("aggregate_id", String.class).eq(aggregateId))
        .orderBy(field("seq"))
        .fetch(
            r ->
                new RecordedEvent(
                    r.value1(), r.value2().substring(r.value2().lastIndexOf('.') + 1), r.value3()));
  }

  @Override
  public void close() {
    try {
      ticketCache.close();
      database.close();
    } finally {
      testDatabase.close();
    }
  }
}
