package dev.fieldops.nats.testing;

import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.nats.inbox.Inbox;
import dev.fieldops.nats.outbox.Outbox;
import dev.fieldops.test.TestDatabase;
import dev.fieldops.test.TestNats;
import java.time.Duration;
import java.util.List;

/**
 * A fresh database with the outbox and inbox tables, a private nats-server and a connection to it,
 * for one test class. The connection reconnects quickly so outage tests stay short.
 */
public final class Infrastructure implements AutoCloseable {

  public final TestDatabase testDatabase;
  public final TestNats testNats;
  public final Database database;
  public final TrackedConnection nats;

  private Infrastructure(
      TestDatabase testDatabase, TestNats testNats, Database database, TrackedConnection nats) {
    this.testDatabase = testDatabase;
    this.testNats = testNats;
    this.database = database;
    this.nats = nats;
  }

  public static Infrastructure start() throws Exception {
    TestDatabase testDatabase = TestDatabase.create();
    TestNats testNats = TestNats.start();
    Database database = eventsDatabase(testDatabase);
    TrackedConnection nats =
        NatsConnections.connect(
            NatsConfig.forUrl(testNats.url(), "nats-support-test")
                .withReconnectWait(Duration.ofMillis(50), Duration.ofMillis(250))
                .withRequestTimeout(Duration.ofSeconds(2)));
    return new Infrastructure(testDatabase, testNats, database, nats);
  }

  /** A pool on {@code testDatabase} with the outbox's and the inbox's tables migrated. */
  public static Database eventsDatabase(TestDatabase testDatabase) {
    return Database.start(
        DatabaseConfig.forUrl(
            testDatabase.jdbcUrl(), testDatabase.username(), testDatabase.password()),
        List.of(Outbox.MIGRATIONS, Inbox.MIGRATIONS));
  }

  @Override
  public void close() {
    try {
      nats.close();
    } finally {
      try {
        database.close();
      } finally {
        try {
          testNats.close();
        } finally {
          testDatabase.close();
        }
      }
    }
  }
}
