package dev.fieldops.telemetry.domain.evaluation;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.humidity;
import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static dev.fieldops.telemetry.fixture.ReadingFixtures.temperature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** NO_DATA: silence of 15 minutes, checked by a timer with server time. */
class NoDataEvaluationTest {

  private final Scenario scenario =
      Scenario.warningRule(RuleFixtures.silenceOf(Duration.ofMinutes(15)));

  @Test
  void silence_of_the_full_duration_starts_a_breach_dated_when_the_silence_was_reached() {
    scenario.at(1, -18);

    assertThat(scenario.checkAt(15.99)).isEqualTo("quiet");
    assertThat(scenario.checkAt(16)).isEqualTo("started WARNING");
    assertThat(scenario.last.observeTime()).isEqualTo(minute(16));
    assertThat(scenario.last.measure()).isEqualTo(900.0);
  }

  @Test
  void a_late_check_still_dates_the_breach_at_the_moment_silence_was_reached() {
    scenario.at(1, -18);

    assertThat(scenario.checkAt(25)).isEqualTo("started WARNING");
    assertThat(scenario.last.observeTime()).isEqualTo(minute(16));
    assertThat(scenario.last.measure()).isEqualTo(24 * 60.0);
  }

  @Test
  void later_checks_continue_the_breach_and_the_next_reading_clears_it() {
    scenario.at(1, -18);
    scenario.checkAt(16);

    assertThat(scenario.checkAt(17)).isEqualTo("continues");
    assertThat(scenario.last.measure()).isEqualTo(16 * 60.0);
    assertThat(scenario.at(18, -18)).isEqualTo("cleared");
    assertThat(scenario.checkAt(20)).isEqualTo("quiet");
  }

  @Test
  void each_reading_restarts_the_silence() {
    scenario.feed(1, -18, 10, -18);

    assertThat(scenario.checkAt(24)).isEqualTo("quiet");
    assertThat(scenario.checkAt(25)).isEqualTo("started WARNING");
  }

  @Test
  void a_device_that_never_reported_is_silent_since_watching_began() {
    assertThat(scenario.checkAt(14)).isEqualTo("quiet");
    assertThat(scenario.checkAt(15)).isEqualTo("started WARNING");
    assertThat(scenario.last.observeTime()).isEqualTo(minute(15));
  }

  @Test
  void a_late_reading_older_than_the_last_one_does_not_end_the_silence() {
    scenario.at(5, -18);
    scenario.checkAt(21);

    var late = scenario.evaluate(List.of(temperature(scenario.device, 3, -18)));

    assertThat(late.outcomes()).isEmpty();
    assertThat(late.late()).isEqualTo(1);
    assertThat(scenario.checkAt(22)).isEqualTo("continues");
  }

  @Test
  void readings_of_another_metric_do_not_break_the_silence() {
    scenario.at(1, -18);
    scenario.evaluate(List.of(humidity(scenario.device, 10, 45)));

    assertThat(scenario.checkAt(16)).isEqualTo("started WARNING");
  }

  @Test
  void a_warning_silence_escalates_at_the_critical_silence() {
    var escalating =
        Scenario.warningRule(
            new Condition.NoData(Duration.ofMinutes(15), Optional.of(Duration.ofMinutes(60))));
    escalating.at(0, -18);

    assertThat(escalating.checkAt(15)).isEqualTo("started WARNING");
    assertThat(escalating.checkAt(59)).isEqualTo("continues");
    assertThat(escalating.checkAt(62)).isEqualTo("escalated");
    assertThat(escalating.last.observeTime()).isEqualTo(minute(60));
    assertThat(escalating.checkAt(63)).isEqualTo("continues");
  }

  @Test
  void a_silence_first_noticed_beyond_the_critical_silence_starts_critical() {
    var escalating =
        Scenario.warningRule(
            new Condition.NoData(Duration.ofMinutes(15), Optional.of(Duration.ofMinutes(60))));
    escalating.at(0, -18);

    assertThat(escalating.checkAt(90)).isEqualTo("started CRITICAL");
  }

  @Test
  void readings_do_not_start_a_silence_breach() {
    assertThat(scenario.feed(0, -18, 30, -18, 60, -18)).containsOnly("quiet");
  }
}
