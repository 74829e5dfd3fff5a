package dev.fieldops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    long jvmUptime = ManagementFactory.getRuntimeMXBean().getUptime();
    long uptime = StartupSteps.processUptimeMillis();

    // The process started a moment before its JVM (the launcher), to the kernel's 10 ms ticks;
    // whole seconds of boot time made the old figure 0.7 s too high here.
    assertThat(uptime).isBetween(jvmUptime - 20, jvmUptime + 500);
  }

  @Test
  void the_linux_uptime_counts_from_the_start_tick_to_the_seconds_since_boot(@TempDir Path dir)
      throws Exception {
    Path stat = dir.resolve("stat");
    Path uptime = dir.resolve("uptime");
    // Field 22 is the start time in ticks; the command name may hold spaces and parentheses.
    Files.writeString(
        stat,
        "4242 (java (a) b) S 1 4242 4242 0 -1 4194560 1 0 0 0 5 6 0 0 20 0 30 0 12345 1000 100\n");
    Files.writeString(uptime, "200.50 380.10\n");

    assertThat(StartupSteps.linuxProcessUptimeMillis(stat, uptime)).isEqualTo(200_500 - 123_450);
  }

  @Test
  void an_unreadable_proc_file_gives_no_figure(@TempDir Path dir) throws Exception {
    Path stat = dir.resolve("stat");
    Files.writeString(stat, "4242 (java) S 1\n");

    assertThat(StartupSteps.linuxProcessUptimeMillis(stat, dir.resolve("uptime"))).isEqualTo(-1);
    assertThat(StartupSteps.linuxProcessUptimeMillis(dir.resolve("missing"), stat)).isEqualTo(-1);
  }
}
