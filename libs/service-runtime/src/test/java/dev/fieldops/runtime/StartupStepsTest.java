package dev.fieldops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartupStepsTest {

  @Test
  void names_every_step_in_order_with_its_milliseconds_after_the_time_before_the_first() {
    var steps = new StartupSteps();
    steps.done("database");
    steps.done("grpc");

    assertThat(steps.toString()).matches("before \\d+ ms, database \\d+ ms, grpc \\d+ ms");
  }

  @Test
  void the_process_uptime_is_known_on_linux_and_counts_from_the_process_start() {
    long uptime = StartupSteps.processUptimeMillis();

    // this JVM started before the test ran, and not days ago
    assertThat(uptime).isPositive().isLessThan(24L * 3600 * 1000);
  }
}
