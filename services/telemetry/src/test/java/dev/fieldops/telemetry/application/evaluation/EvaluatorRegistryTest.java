package dev.fieldops.telemetry.application.evaluation;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static dev.fieldops.telemetry.fixture.ReadingFixtures.temperature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.domain.evaluation.EvaluationResult;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.fake.InMemoryEvaluationStateStore;
import dev.fieldops.telemetry.fake.InMemoryReadingStore;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two replicas' registries on one state store and one reading store. A pass that moves only a
 * device's progress writes no state when its replica wrote the state last, so a replica that
 * restores the state (or this one, having lost its cache) must learn that progress from the stored
 * readings: it then treats readings as one instance would.
 */
class EvaluatorRegistryTest {

  private final InMemoryReadingStore readings = new InMemoryReadingStore();
  private final InMemoryEvaluationStateStore states =
      new InMemoryEvaluationStateStore().joinedBy(readings::savepoint);
  private final EvaluatorRegistry replicaA =
      new EvaluatorRegistry(states, readings, ReplayPolicy.DEFAULT, UUID.randomUUID());
  private final EvaluatorRegistry replicaB =
      new EvaluatorRegistry(states, readings, ReplayPolicy.DEFAULT, UUID.randomUUID());
  private final DeviceProfile freezer = DeviceFixtures.freezerProfileOf(DeviceFixtures.ACME);
  private final AlertRule warm =
      RuleFixtures.aboveThreshold(DeviceFixtures.ACME, freezer.id(), -15, -17);
  private final AlertRule silent =
      RuleFixtures.noDataFor(DeviceFixtures.ACME, freezer.id(), Duration.ofMinutes(5));
  private final List<AlertRule> rules = List.of(warm, silent);

  /** One ingest pass: load, store the readings, evaluate them, as ingest does. */
  private EvaluationResult ingest(EvaluatorRegistry replica, Reading... batch) {
    return replica.withEvaluators(
        List.of(freezer),
        Map.of(freezer.id(), rules),
        batch[0].observeTime(),
        session -> {
          readings.append(List.of(batch));
          return session
              .evaluator(freezer.id())
              .evaluate(List.of(batch), rules, freezer.deadbandCelsius());
        });
  }

  private EvaluationResult silenceCheck(EvaluatorRegistry replica, Instant now) {
    return replica.withEvaluators(
        List.of(freezer),
        Map.of(freezer.id(), rules),
        now,
        session -> session.evaluator(freezer.id()).checkSilence(now, rules));
  }

  private Reading quiet(double minute) {
    return temperature(freezer.id(), minute, -18);
  }

  @Test
  void a_pass_that_moves_only_progress_writes_no_state_and_a_breach_does() {
    ingest(replicaA, quiet(1));
    long first = states.version(freezer.id());

    ingest(replicaA, quiet(1.1));
    ingest(replicaA, quiet(1.2));
    long afterQuiet = states.version(freezer.id());
    var breach = ingest(replicaA, temperature(freezer.id(), 1.3, -14));

    assertThat(first).isEqualTo(1);
    assertThat(afterQuiet).isEqualTo(1);
    assertThat(breach.outcomes()).hasSize(1);
    assertThat(states.version(freezer.id())).isEqualTo(2);
  }

  @Test
  void progress_is_written_once_it_runs_a_minute_ahead_of_the_stored_state() {
    ingest(replicaA, quiet(1));
    ingest(replicaA, quiet(1.5));
    ingest(replicaA, quiet(1.9));
    long beforeAMinute = states.version(freezer.id());

    ingest(replicaA, quiet(2));

    assertThat(beforeAMinute).isEqualTo(1);
    assertThat(states.version(freezer.id())).isEqualTo(2);
  }

  @Test
  void a_pass_on_another_replica_writes_the_state_under_its_own_name() {
    ingest(replicaA, quiet(1));
    ingest(replicaA, quiet(1.1));
    long beforeB = states.version(freezer.id());

    ingest(replicaB, quiet(1.2)); // progress only, but the row names replica A
    long afterB = states.version(freezer.id());
    var late = ingest(replicaA, temperature(freezer.id(), 1.15, -10)); // A's cache is stale now
    ingest(replicaA, quiet(1.3)); // A wrote the row: progress only again writes nothing

    assertThat(beforeB).isEqualTo(1);
    assertThat(afterB).isEqualTo(2);
    assertThat(late.late()).isEqualTo(1);
    assertThat(late.outcomes()).isEmpty();
    assertThat(states.version(freezer.id())).isEqualTo(3);
  }

  @Test
  void a_replica_restoring_the_state_skips_a_reading_made_late_by_passes_that_wrote_nothing() {
    ingest(replicaA, quiet(1));
    ingest(replicaA, quiet(1.3)); // progress only: the row still says minute 1

    var late = ingest(replicaB, temperature(freezer.id(), 1.2, -10));

    assertThat(late.late()).isEqualTo(1);
    assertThat(late.outcomes()).isEmpty();
  }

  @Test
  void a_replica_that_lost_its_cache_finds_its_own_progress_in_the_readings() {
    ingest(replicaA, quiet(1));
    ingest(replicaA, quiet(1.3));
    assertThatThrownBy(
            () ->
                replicaA.withEvaluators(
                    List.of(freezer),
                    Map.of(freezer.id(), rules),
                    minute(1.4),
                    session -> {
                      throw new IllegalStateException("the pass failed");
                    }))
        .hasMessage("the pass failed");

    var late = ingest(replicaA, temperature(freezer.id(), 1.2, -10));

    assertThat(late.late()).isEqualTo(1);
    assertThat(late.outcomes()).isEmpty();
  }

  @Test
  void a_replica_counts_silence_from_the_latest_reading_another_replica_evaluated() {
    ingest(replicaA, quiet(1));
    ingest(replicaA, quiet(1.2)); // progress only: the row still says minute 1

    var beforeFiveMinutes = silenceCheck(replicaB, minute(6.15));
    var afterFiveMinutes = silenceCheck(replicaB, minute(6.2));

    assertThat(beforeFiveMinutes.outcomes()).isEmpty();
    assertThat(afterFiveMinutes.outcomes()).hasSize(1);
  }
}
