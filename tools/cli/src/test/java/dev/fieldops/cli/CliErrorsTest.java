package dev.fieldops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.test.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the client tools fail: one line on stderr with what to do, an exit code, no stack trace. */
class CliErrorsTest {

  @TempDir Path keyDir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return FieldOpsCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  private static String closedAddress() {
    return "127.0.0.1:" + FreePorts.one();
  }

  @Test
  void the_demo_without_a_running_system_says_so_in_one_line_and_exits_3() throws Exception {
    String nowhere = closedAddress();

    int exit =
        run(
            "demo",
            "--support",
            nowhere,
            "--telemetry",
            nowhere,
            "--invoicing",
            nowhere,
            "--key-dir",
            keyDir.toString());

    assertThat(exit).isEqualTo(3);
    assertThat(err.toString().lines())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("fieldops demo: UNAVAILABLE: ")
                    .contains("Connection refused")
                    .contains(nowhere)
                    .contains("What to do: is FieldOps running? ./fieldops up starts it"));
  }

  @Test
  void bad_options_of_any_command_are_exit_code_2_with_where_to_find_the_usage() {
    assertThat(run("demo", "--wait", "soon")).isEqualTo(2);
    assertThat(run("simulate", "--duration", "forever")).isEqualTo(2);
    assertThat(run("simulate", "--devices", "0")).isEqualTo(2);
    assertThat(run("events")).isEqualTo(2);
    assertThat(run()).isEqualTo(2);

    assertThat(err.toString())
        .contains("Try: ./fieldops demo --help")
        .contains("fieldops simulate: --duration: 'forever' is not a duration")
        .contains("fieldops simulate: out of bounds")
        .contains("fieldops events: a command is needed: tail")
        .doesNotContain("\tat ");
  }

  @Test
  void every_command_has_the_same_help_with_the_exit_codes() {
    for (String[] command :
        new String[][] {
          {"--help"},
          {"demo", "--help"},
          {"simulate", "-h"},
          {"events", "--help"},
          {"events", "tail", "--help"}
        }) {
      assertThat(run(command)).isZero();
    }
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString().split("Exit codes:", -1)).hasSize(6);
    assertThat(out.toString())
        .contains("Usage: fieldops events tail [-h] [--all] [--follow] [--verbose] [--count=N]");
  }
}
