package dev.fieldops.telemetry.domain.evaluation;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.humidity;
import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static dev.fieldops.telemetry.fixture.ReadingFixtures.temperature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Report by exception: a temperature is reported when it moves beyond the deadband from the last
 * report.
 */
class TemperatureChangeTest {

  private final DeviceId device = DeviceFixtures.freezerOf(DeviceFixtures.ACME).id();
  private final DeviceEvaluator evaluator = DeviceEvaluator.start(device, minute(0));

  private List<TemperatureChange> feed(double deadband, double... values) {
    var changes = new ArrayList<TemperatureChange>();
    for (int i = 0; i < values.length; i++) {
      changes.addAll(
          evaluator
              .evaluate(List.of(temperature(device, i, values[i])), List.of(), deadband)
              .temperatureChanges());
    }
    return changes;
  }

  @Test
  void the_first_temperature_of_a_device_is_always_reported() {
    var changes = feed(0.5, -18.0);

    assertThat(changes)
        .containsExactly(new TemperatureChange(device, -18.0, OptionalDouble.empty(), minute(0)));
  }

  @Test
  void small_changes_are_not_reported_but_a_move_beyond_the_deadband_is() {
    var changes = feed(0.5, -18.0, -18.2, -17.8, -18.4, -17.4);

    assertThat(changes).extracting(TemperatureChange::valueCelsius).containsExactly(-18.0, -17.4);
    assertThat(changes.getLast().previousValue()).hasValue(-18.0);
    assertThat(changes.getLast().observeTime()).isEqualTo(minute(4));
  }

  @ParameterizedTest(name = "from 5.0 to {0} with deadband 0.5: reported={1}")
  @CsvSource({"5.5, false", "4.5, false", "5.6, true", "4.4, true"})
  void a_move_of_exactly_the_deadband_is_not_reported(double next, boolean reported) {
    var changes = feed(0.5, 5.0, next);

    assertThat(changes).hasSize(reported ? 2 : 1);
  }

  @Test
  void a_slow_drift_is_measured_from_the_last_report_not_the_last_reading() {
    var changes = feed(0.5, 5.0, 5.3, 5.5, 5.6, 5.9, 6.05);

    assertThat(changes).extracting(TemperatureChange::valueCelsius).containsExactly(5.0, 5.6);
  }

  @Test
  void a_zero_deadband_reports_every_change_but_not_a_repeated_value() {
    var changes = feed(0.0, 5.0, 5.0, 5.1, 5.1, 5.0);

    assertThat(changes).extracting(TemperatureChange::valueCelsius).containsExactly(5.0, 5.1, 5.0);
  }

  @Test
  void humidity_is_never_reported_and_late_temperatures_are_ignored() {
    feed(0.5, -18.0);
    var humid = evaluator.evaluate(List.of(humidity(device, 5, 80)), List.of(), 0.5);
    evaluator.evaluate(List.of(temperature(device, 10, -18.1)), List.of(), 0.5);
    var late = evaluator.evaluate(List.of(temperature(device, 7, -5.0)), List.of(), 0.5);

    assertThat(humid.temperatureChanges()).isEmpty();
    assertThat(late.temperatureChanges()).isEmpty();
    assertThat(late.late()).isEqualTo(1);
  }

  @Test
  void a_batch_reports_each_change_against_the_report_before_it() {
    var result =
        evaluator.evaluate(
            List.of(
                temperature(device, 2, -16.0),
                temperature(device, 0, -18.0),
                temperature(device, 1, -17.9)),
            List.of(),
            0.5);

    assertThat(result.temperatureChanges())
        .extracting(TemperatureChange::valueCelsius)
        .containsExactly(-18.0, -16.0);
    assertThat(result.temperatureChanges().getLast().previousValue()).hasValue(-18.0);
  }
}
