package dev.fieldops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.cli.bench.SystemBenchmark;
import dev.fieldops.commandline.CommandLines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's {@code --help} renders as written: picocli reads descriptions as format strings,
 * and a bare {@code %} ("the % of devices") makes it print a warning to stderr and the text with
 * its {@code %n} unreplaced.
 */
class HelpTextTest {

  @Test
  void every_command_renders_its_help_without_a_warning() {
    List<CommandLine> commands = new ArrayList<>();
    StringWriter ignored = new StringWriter();
    collect(
        FieldOpsCli.commandLine(new PrintWriter(ignored, true), new PrintWriter(ignored, true)),
        commands);
    collect(
        CommandLines.create(
            new SystemBenchmark(), new PrintWriter(ignored, true), new PrintWriter(ignored, true)),
        commands);
    assertThat(commands).extracting(CommandLine::getCommandName).contains("tail", "bench system");

    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> helps = new ArrayList<>();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      for (CommandLine command : commands) {
        helps.add(command.getUsageMessage(CommandLine.Help.Ansi.OFF));
      }
    } finally {
      System.setErr(stderr);
    }

    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(helps).noneMatch(help -> help.contains("%n"));
  }

  private static void collect(CommandLine command, List<CommandLine> into) {
    into.add(command);
    command.getSubcommands().values().forEach(sub -> collect(sub, into));
  }
}
