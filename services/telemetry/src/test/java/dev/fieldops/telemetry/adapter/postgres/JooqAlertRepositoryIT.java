package dev.fieldops.telemetry.adapter.postgres;

import dev.fieldops.nats.outbox.OutboxWriter;
import dev.fieldops.telemetry.adapter.nats.TelemetryEventMapper;
import dev.fieldops.telemetry.contract.AlertRepositoryContract;
import dev.fieldops.telemetry.domain.alert.AlertRepository;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class JooqAlertRepositoryIT extends AlertRepositoryContract {

  private static PostgresFixture postgres;
  private static AlertRepository alerts;
  private static AlertRuleRepository rules;

  @BeforeAll
  static void startDatabase() {
    postgres = PostgresFixture.start();
    alerts =
        new JooqAlertRepository(
            postgres.transactor(), postgres.dsl(), new OutboxWriter(), new TelemetryEventMapper());
    rules = postgres.rules();
  }

  @AfterAll
  static void dropDatabase() {
    postgres.close();
  }

  @Override
  protected AlertRepository repository() {
    return alerts;
  }

  @Override
  protected List<UUID> outboxEventIds() {
    return postgres.outboxEventIds();
  }

  @Override
  protected void givenDevice(Device device) {
    postgres.givenDevice(device);
  }

  @Override
  protected void givenRule(AlertRule rule) {
    rules.add(rule);
  }
}
