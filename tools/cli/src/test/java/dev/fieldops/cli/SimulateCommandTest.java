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
      assertThat(value)
          .isBetween(SimulateCommand.FREEZER_SETPOINT - 3, SimulateCommand.FREEZER_SETPOINT + 3)
          .isLessThan(SimulateCommand.RULE_RAISE);
    }
  }

  @Test
  void the_spiked_device_crosses_its_rule_only_in_the_middle_third_of_the_run() {
    var simulate = new SimulateCommand();
    simulate.spike = 2;
    var random = new Random(1);
    assertThat(simulate.temperature(1, noon, 0.1, random)).isLessThan(SimulateCommand.RULE_CLEAR);
    assertThat(simulate.temperature(1, noon, 0.5, random))
        .isGreaterThan(SimulateCommand.RULE_RAISE);
    assertThat(simulate.temperature(0, noon, 0.5, random)).isLessThan(SimulateCommand.RULE_CLEAR);
    assertThat(simulate.temperature(1, noon, 0.9, random)).isLessThan(SimulateCommand.RULE_CLEAR);
  }

  @Test
  void without_a_terminal_progress_is_plain_lines_every_few_seconds_and_one_at_the_end() {
    var written = new java.io.StringWriter();
    long[] now = {1_000_000};
    try (var progress =
        new Progress.Lines(new java.io.PrintWriter(written), "readings", 600, () -> now[0])) {
      progress.stepBy(20);
      now[0] += 2_000;
      progress.stepBy(20);
      now[0] += 4_000;
      progress.stepBy(80);
      now[0] += 10_000;
    }

    assertThat(written.toString())
        .isEqualTo(
            "readings: 120 of 600 (20 %) after 6 s"
                + System.lineSeparator()
                + "readings: 120 of 600 (20 %) in 16 s"
                + System.lineSeparator());
  }

  @Test
  void stderr_is_a_terminal_only_when_the_launcher_or_the_console_says_so() {
    System.setProperty(Progress.TERMINAL_PROPERTY, "false");
    try {
      assertThat(Progress.terminal()).isFalse();
      assertThat(Progress.on(new java.io.PrintWriter(new java.io.StringWriter()), "readings", 1))
          .isInstanceOf(Progress.Lines.class);
    } finally {
      System.clearProperty(Progress.TERMINAL_PROPERTY);
    }
    // Under the test runner stdout is a pipe: no terminal, whatever System.console() returns.
    assertThat(Progress.terminal()).isFalse();
  }
}
