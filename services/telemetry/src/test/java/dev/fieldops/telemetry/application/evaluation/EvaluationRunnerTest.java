package dev.fieldops.telemetry.application.evaluation;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.temperature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.UuidV7;
import dev.fieldops.telemetry.application.feed.AlertChangeListener;
import dev.fieldops.telemetry.domain.alert.AlertRaised;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.fake.InMemoryAlertRepository;
import dev.fieldops.telemetry.fake.InMemoryAlertRuleRepository;
import dev.fieldops.telemetry.fake.InMemoryDeviceRepository;
import dev.fieldops.telemetry.fake.InMemoryEvaluationStateStore;
import dev.fieldops.telemetry.fake.InMemoryOutbox;
import dev.fieldops.telemetry.fake.InMemoryReadingStore;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import dev.fieldops.telemetry.fixture.Stamps;
import dev.fieldops.test.time.TestClock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EvaluationRunnerTest {

  private final InMemoryOutbox outbox = new InMemoryOutbox();
  private final InMemoryDeviceRepository devices = new InMemoryDeviceRepository(outbox);
  private final InMemoryAlertRuleRepository rules = new InMemoryAlertRuleRepository();
  private final InMemoryAlertRepository alerts = new InMemoryAlertRepository(outbox);
  private final InMemoryReadingStore readings = new InMemoryReadingStore();
  private final InMemoryEvaluationStateStore states =
      new InMemoryEvaluationStateStore().joinedBy(readings::savepoint);
  private final EvaluatorRegistry registry =
      new EvaluatorRegistry(states, readings, ReplayPolicy.DEFAULT, UUID.randomUUID());
  private final Device freezer = DeviceFixtures.freezerOf(DeviceFixtures.ACME);

  private EvaluationRunner runnerTelling(AlertChangeListener listener) {
    var clock = TestClock.at(Stamps.T0);
    return new EvaluationRunner(
        registry, rules, alerts, listener, clock, new UuidV7(clock)::next, 3);
  }

  private EvaluationRunner.PassResult evaluateWarmReading(EvaluationRunner runner) {
    var batch = List.of(temperature(freezer.id(), 1, -14));
    return runner.run(
        List.of(freezer.profile()),
        () -> readings.append(batch),
        (evaluator, device, deviceRules) ->
            evaluator.evaluate(batch, deviceRules, device.deadbandCelsius()));
  }

  @Test
  void a_listener_failing_after_the_commit_does_not_undo_the_evaluation() {
    devices.add(freezer);
    rules.add(RuleFixtures.aboveThreshold(DeviceFixtures.ACME, freezer.id(), -15, -17));
    var runner =
        runnerTelling(
            notices -> {
              throw new IllegalStateException("listener broke");
            });

    assertThatThrownBy(() -> evaluateWarmReading(runner)).hasMessage("listener broke");
    var resent = evaluateWarmReading(runner);

    assertThat(resent.duplicates()).isEqualTo(1);
    assertThat(outbox.eventsOf(AlertRaised.class)).hasSize(1);
  }

  @Test
  void the_listener_hears_the_committed_changes_of_a_pass() {
    devices.add(freezer);
    rules.add(RuleFixtures.aboveThreshold(DeviceFixtures.ACME, freezer.id(), -15, -17));
    var heard = new ArrayList<String>();
    var runner =
        runnerTelling(
            notices ->
                notices.forEach(n -> heard.add(n.events().getFirst().getClass().getSimpleName())));

    var result = evaluateWarmReading(runner);

    assertThat(result.evaluated()).isEqualTo(1);
    assertThat(result.notices()).hasSize(1);
    assertThat(heard).containsExactly("AlertRaised");
    assertThat(states.hasState(freezer.id())).isTrue();
  }
}
