package dev.fieldops.telemetry.adapter.postgres;

import dev.fieldops.telemetry.contract.EvaluationStateStoreContract;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class JooqEvaluationStateStoreIT extends EvaluationStateStoreContract {

  private static PostgresFixture postgres;
  private static EvaluationStateStore store;

  @BeforeAll
  static void startDatabase() {
    postgres = PostgresFixture.start();
    store = new JooqEvaluationStateStore(postgres.transactor(), postgres.dsl(), Clock.systemUTC());
  }

  @AfterAll
  static void dropDatabase() {
    postgres.close();
  }

  @Override
  protected EvaluationStateStore store() {
    return store;
  }

  @Override
  protected void givenDevice(Device device) {
    postgres.givenDevice(device);
  }
}
