package dev.fieldops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.cli.bench.SystemBenchmark;
import dev.fieldops.commandline.CommandLines;
import dev.fieldops.test.HelpTexts;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Every command's {@code --help} renders as written ({@link HelpTexts}). */
class HelpTextTest {

  @Test
  void every_command_renders_its_help_without_a_warning() {
    StringWriter ignored = new StringWriter();
    HelpTexts.Rendered rendered =
        HelpTexts.render(
            FieldOpsCli.commandLine(new PrintWriter(ignored, true), new PrintWriter(ignored, true)),
            CommandLines.create(
                new SystemBenchmark(),
                new PrintWriter(ignored, true),
                new PrintWriter(ignored, true)));

    assertThat(rendered.commands()).contains("tail", "bench system");
    assertThat(rendered.problems()).isEmpty();
  }
}
