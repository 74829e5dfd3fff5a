package dev.fieldops.telemetry.adapter.postgres;

import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.jooq.MigrationSet;
import dev.fieldops.jooq.Transactor;
import dev.fieldops.nats.outbox.Outbox;
import dev.fieldops.nats.outbox.OutboxWriter;
import dev.fieldops.runtime.TransactionalCommands;
import dev.fieldops.telemetry.adapter.nats.TelemetryEventMapper;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.DeviceRepository;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;
import dev.fieldops.test.EachCall;
import dev.fieldops.test.TestDatabase;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * A fresh database with the telemetry schema (and the platform's outbox) for one adapter test
 * class, plus the few things those tests need to see: the outbox, prerequisite rows.
 */
final class PostgresFixture implements AutoCloseable {

  static final MigrationSet TELEMETRY =
      new MigrationSet("telemetry", "classpath:db/migration/telemetry");

  private final TestDatabase testDatabase;
  private final Database database;

  private PostgresFixture(TestDatabase testDatabase, Database database) {
    this.testDatabase = testDatabase;
    this.database = database;
  }

  static PostgresFixture start() {
    var testDatabase = TestDatabase.create();
    try {
      var database =
          Database.start(
              DatabaseConfig.forUrl(
                  testDatabase.jdbcUrl(), testDatabase.username(), testDatabase.password()),
              List.of(Outbox.MIGRATIONS, TELEMETRY));
      return new PostgresFixture(testDatabase, database);
    } catch (RuntimeException e) {
      testDatabase.close();
      throw e;
    }
  }

  Transactor transactor() {
    return database.transactor();
  }

  DSLContext dsl() {
    return database.dsl();
  }

  TestDatabase testDatabase() {
    return testDatabase;
  }

  /** The device repository, each call one transaction of its own as a command would open it. */
  DeviceRepository devices() {
    return EachCall.decorated(
        DeviceRepository.class,
        new JooqDeviceRepository(
            transactor(), dsl(), new OutboxWriter(), new TelemetryEventMapper()),
        new TransactionalCommands(transactor()));
  }

  /** The rule repository, each call one transaction of its own as a command would open it. */
  AlertRuleRepository rules() {
    return EachCall.decorated(
        AlertRuleRepository.class,
        new JooqAlertRuleRepository(transactor(), dsl()),
        new TransactionalCommands(transactor()));
  }

  /** Stores the device (for rows that refer to it). */
  void givenDevice(Device device) {
    devices().add(device);
  }

  List<UUID> outboxEventIds() {
    return dsl().fetch("SELECT event_id FROM outbox_event ORDER BY seq").getValues(0, UUID.class);
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
