package dev.fieldops.telemetry.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.telemetry.contract.EvaluationStateStoreContract;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.evaluation.DeviceEvaluator;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore.Versioned;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.ReadingFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

  @Test
  void the_lock_tells_the_device_and_rules_versions_and_leaves_out_a_state_the_caller_has() {
    var freezer = DeviceFixtures.freezerOf(DeviceFixtures.anotherCustomer());
    givenDevice(freezer);
    var snapshot = DeviceEvaluator.start(freezer.id(), ReadingFixtures.minute(0)).snapshot();
    var writer = java.util.UUID.randomUUID();
    store.withLocked(
        List.of(freezer.id()),
        stored -> {
          store.saveAll(List.of(new Versioned(snapshot, 3)), writer);
          return null;
        });

    var withoutCache = store.withLocked(List.of(freezer.id()), id -> -1, stored -> stored);
    var cachedAtThree = store.withLocked(List.of(freezer.id()), id -> 3, stored -> stored);
    var cachedAtTwo = store.withLocked(List.of(freezer.id()), id -> 2, stored -> stored);

    var fresh = withoutCache.get(freezer.id());
    assertThat(fresh.version()).isEqualTo(3);
    assertThat(fresh.snapshot()).contains(snapshot);
    assertThat(fresh.deviceVersion()).isEqualTo(freezer.version());
    assertThat(fresh.rulesVersion()).as("a customer without rule changes").isZero();
    assertThat(cachedAtThree.get(freezer.id()).version()).isEqualTo(3);
    assertThat(cachedAtThree.get(freezer.id()).writer())
        .as("told with or without the state")
        .contains(writer);
    assertThatThrownBy(() -> cachedAtThree.get(freezer.id()).snapshot())
        .as("not read: the caller has that version")
        .isInstanceOf(IllegalStateException.class);
    assertThat(cachedAtTwo.get(freezer.id()).snapshot()).contains(snapshot);

    var rules = postgres.rules();
    var rule = RuleFixtures.aboveThreshold(freezer.customerId(), freezer.id(), -15, -17);
    rules.add(rule);
    rules.delete(rule.id(), dev.fieldops.telemetry.domain.shared.AccessScope.everyone(), r -> {});

    var afterRuleChanges = store.withLocked(List.of(freezer.id()), id -> 3, stored -> stored);
    assertThat(afterRuleChanges.get(freezer.id()).rulesVersion())
        .as("one step per rule change of the customer")
        .isEqualTo(2);
  }
}
