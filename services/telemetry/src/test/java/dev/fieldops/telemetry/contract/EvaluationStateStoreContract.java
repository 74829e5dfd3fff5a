package dev.fieldops.telemetry.contract;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.humidity;
import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static dev.fieldops.telemetry.fixture.ReadingFixtures.temperature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.evaluation.DeviceEvaluator;
import dev.fieldops.telemetry.domain.evaluation.DeviceEvaluatorSnapshot;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore;
import dev.fieldops.telemetry.domain.evaluation.RuleStateSnapshot;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link EvaluationStateStore} must do. */
public abstract class EvaluationStateStoreContract {

  protected abstract EvaluationStateStore store();

  /** Makes the device exist (for stores whose checkpoints refer to devices). */
  protected abstract void givenDevice(Device device);

  private Device device() {
    var device = DeviceFixtures.freezerOf(DeviceFixtures.anotherCustomer());
    givenDevice(device);
    return device;
  }

  /** A snapshot holding every kind of rule state, mid-breach, with a rate-of-change window. */
  private static DeviceEvaluatorSnapshot busySnapshot(Device device) {
    var customer = device.customerId();
    var rules =
        List.of(
            RuleFixtures.aboveThreshold(customer, device.id(), -15, -17),
            RuleFixtures.onDevice(
                customer,
                device.id(),
                Severity.WARNING,
                RuleFixtures.changeOfMoreThan(2, Duration.ofMinutes(10))),
            RuleFixtures.sustainedAboveFor(customer, device.id(), -16, Duration.ofMinutes(30)),
            RuleFixtures.noDataFor(customer, device.id(), Duration.ofMinutes(15)));
    var evaluator = DeviceEvaluator.start(device.id(), minute(0));
    evaluator.evaluate(
        List.of(
            temperature(device.id(), 1, -18.0),
            temperature(device.id(), 2, -14.5),
            temperature(device.id(), 3, -15.5),
            humidity(device.id(), 3, 55.0)),
        rules,
        0.5);
    evaluator.checkSilence(minute(40), rules);
    return evaluator.snapshot();
  }

  @Test
  void a_checkpoint_with_every_kind_of_rule_state_round_trips_exactly() {
    var freezer = device();
    var snapshot = busySnapshot(freezer);
    assertThat(snapshot.rules())
        .hasAtLeastOneElementOfType(RuleStateSnapshot.ThresholdState.class)
        .hasAtLeastOneElementOfType(RuleStateSnapshot.RateOfChangeState.class)
        .hasAtLeastOneElementOfType(RuleStateSnapshot.SustainedState.class)
        .hasAtLeastOneElementOfType(RuleStateSnapshot.NoDataState.class);

    store().saveAll(List.of(snapshot));

    assertThat(store().loadAll(Set.of(freezer.id())))
        .containsOnlyKeys(freezer.id())
        .containsValue(snapshot);
  }

  @Test
  void a_fresh_evaluator_round_trips_too() {
    var freezer = device();
    var snapshot = DeviceEvaluator.start(freezer.id(), minute(0)).snapshot();

    store().saveAll(List.of(snapshot));

    assertThat(store().loadAll(Set.of(freezer.id())).get(freezer.id())).isEqualTo(snapshot);
  }

  @Test
  void saving_again_replaces_the_checkpoint_and_only_devices_with_one_are_returned() {
    var freezer = device();
    var fridge = device();
    store().saveAll(List.of(DeviceEvaluator.start(freezer.id(), minute(0)).snapshot()));
    var newer = busySnapshot(freezer);

    store().saveAll(List.of(newer));

    assertThat(store().loadAll(Set.of(freezer.id(), fridge.id())))
        .containsOnlyKeys(freezer.id())
        .containsValue(newer);
  }

  @Test
  void a_deleted_checkpoint_is_gone() {
    var freezer = device();
    store().saveAll(List.of(busySnapshot(freezer)));

    store().delete(freezer.id());

    assertThat(store().loadAll(Set.of(freezer.id()))).isEmpty();
  }
}
