package dev.fieldops.telemetry.adapter.postgres;

import dev.fieldops.nats.outbox.OutboxWriter;
import dev.fieldops.telemetry.adapter.nats.TelemetryEventMapper;
import dev.fieldops.telemetry.contract.EscalationCandidatesContract;
import dev.fieldops.telemetry.domain.alert.AlertRepository;
import dev.fieldops.telemetry.domain.alert.EscalationCandidates;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class JooqEscalationCandidatesIT extends EscalationCandidatesContract {

  private static PostgresFixture postgres;
  private static AlertRepository alerts;
  private static AlertRuleRepository rules;
  private static EscalationCandidates candidates;

  @BeforeAll
  static void startDatabase() {
    postgres = PostgresFixture.start();
    alerts =
        new JooqAlertRepository(
            postgres.transactor(), postgres.dsl(), new OutboxWriter(), new TelemetryEventMapper());
    rules = postgres.rules();
    candidates = new JooqEscalationCandidates(postgres.transactor(), postgres.dsl());
  }

  @AfterAll
  static void dropDatabase() {
    postgres.close();
  }

  @Override
  protected EscalationCandidates candidates() {
    return candidates;
  }

  @Override
  protected AlertRepository alerts() {
    return alerts;
  }

  @Override
  protected AlertRuleRepository rules() {
    return rules;
  }

  @Override
  protected void givenDevice(Device device) {
    postgres.givenDevice(device);
  }
}
