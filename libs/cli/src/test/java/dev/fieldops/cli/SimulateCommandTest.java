package dev.fieldops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimulateCommandTest {

  private final Instant noon = Instant.parse("2026-11-26T12:00:00Z");

  @Test
  void freezers_stay_near_their_set_point_and_below_the_rule() {
    var simulate = new SimulateCommand();
    var random = new Random(1);
    for (int i = 0; i < 1_000; i++) {
      double value = simulate.temperature(i % 10, noon.plusSeconds(i * 60L), i / 1_000.0, random);
      assertThat(value).isBetween(SimulateCommand.FREEZER_SETPOINT - 3, SimulateCommand.FREEZER_SETPOINT + 3)
          .isLessThan(SimulateCommand.RULE_RAISE);
    }
  }

  @Test
  void the_spiked_device_crosses_its_rule_only_in_the_middle_third_of_the_run() {
    var simulate = new SimulateCommand();
    simulate.spike = 2;
    var random = new Random(1);
    assertThat(simulate.temperature(1, noon, 0.1, random)).isLessThan(SimulateCommand.RULE_CLEAR);
    assertThat(simulate.temperature(1, noon, 0.5, random)).isGreaterThan(SimulateCommand.RULE_RAISE);
    assertThat(simulate.temperature(0, noon, 0.5, random)).isLessThan(SimulateCommand.RULE_CLEAR);
    assertThat(simulate.temperature(1, noon, 0.9, random)).isLessThan(SimulateCommand.RULE_CLEAR);
  }
}
