package dev.fieldops.telemetry.contract;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.humidity;
import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static dev.fieldops.telemetry.fixture.ReadingFixtures.temperature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.evaluation.DeviceEvaluator;
import dev.fieldops.telemetry.domain.evaluation.DeviceEvaluatorSnapshot;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore.Stored;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore.Versioned;
import dev.fieldops.telemetry.domain.evaluation.RuleStateSnapshot;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

  private Map<DeviceId, Stored> read(DeviceId... devices) {
    return store().withLocked(List.of(devices), stored -> stored);
  }

  private static final UUID WRITER = UUID.fromString("0193a6f0-0000-7000-8000-000000000001");

  private void save(DeviceEvaluatorSnapshot snapshot, long version) {
    save(snapshot, version, WRITER);
  }

  private void save(DeviceEvaluatorSnapshot snapshot, long version, UUID writer) {
    store()
        .withLocked(
            List.of(snapshot.deviceId()),
            stored -> {
              store().saveAll(List.of(new Versioned(snapshot, version)), writer);
              return null;
            });
  }

  @Test
  void a_state_with_every_kind_of_rule_state_round_trips_exactly() {
    var freezer = device();
    var snapshot = busySnapshot(freezer);
    assertThat(snapshot.rules())
        .hasAtLeastOneElementOfType(RuleStateSnapshot.ThresholdState.class)
        .hasAtLeastOneElementOfType(RuleStateSnapshot.RateOfChangeState.class)
        .hasAtLeastOneElementOfType(RuleStateSnapshot.SustainedState.class)
        .hasAtLeastOneElementOfType(RuleStateSnapshot.NoDataState.class);

    save(snapshot, 1);

    var stored = read(freezer.id()).get(freezer.id());
    assertThat(stored.version()).isEqualTo(1);
    assertThat(stored.snapshot()).contains(snapshot);
    assertThat(stored.writer()).contains(WRITER);
  }

  @Test
  void a_device_without_state_has_version_0_and_no_snapshot() {
    var freezer = device();

    var stored = read(freezer.id()).get(freezer.id());

    assertThat(stored.version()).isZero();
    assertThat(stored.snapshot()).isEmpty();
    assertThat(stored.writer()).isEmpty();
  }

  @Test
  void saving_again_replaces_the_state_and_its_version() {
    var freezer = device();
    var fridge = device();
    save(DeviceEvaluator.start(freezer.id(), minute(0)).snapshot(), 1);
    var newer = busySnapshot(freezer);

    var otherWriter = UUID.randomUUID();

    save(newer, 2, otherWriter);

    var stored = read(freezer.id(), fridge.id());
    assertThat(stored.get(freezer.id()).version()).isEqualTo(2);
    assertThat(stored.get(freezer.id()).snapshot()).contains(newer);
    assertThat(stored.get(freezer.id()).writer()).contains(otherWriter);
    assertThat(stored.get(fridge.id()).version()).isZero();
  }

  @Test
  void a_reset_state_is_gone_and_its_version_moved_on() {
    var freezer = device();
    save(busySnapshot(freezer), 1);

    store()
        .withLocked(
            List.of(freezer.id()),
            stored -> {
              store().reset(freezer.id(), 2);
              return null;
            });

    var stored = read(freezer.id()).get(freezer.id());
    assertThat(stored.version()).isEqualTo(2);
    assertThat(stored.snapshot()).isEmpty();
    assertThat(stored.writer()).isEmpty();
  }

  @Test
  void a_failing_pass_leaves_the_state_as_it_was() {
    var freezer = device();
    var before = busySnapshot(freezer);
    save(before, 1);

    assertThatThrownBy(
            () ->
                store()
                    .withLocked(
                        List.of(freezer.id()),
                        stored -> {
                          store()
                              .saveAll(
                                  List.of(
                                      new Versioned(
                                          DeviceEvaluator.start(freezer.id(), minute(5)).snapshot(),
                                          2)),
                                  UUID.randomUUID());
                          throw new IllegalStateException("the pass failed");
                        }))
        .hasMessage("the pass failed");

    var stored = read(freezer.id()).get(freezer.id());
    assertThat(stored.version()).isEqualTo(1);
    assertThat(stored.snapshot()).contains(before);
    assertThat(stored.writer()).contains(WRITER);
  }
}
