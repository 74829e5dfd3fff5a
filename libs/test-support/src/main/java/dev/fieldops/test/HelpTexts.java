package dev.fieldops.test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Renders the {@code --help} of commands and all their subcommands as a user sees it, and reports
 * what went wrong. picocli reads descriptions as format strings: a bare {@code %} ("the % of
 * devices") makes it print a warning to stderr and the text with its {@code %n} unreplaced.
 */
public final class HelpTexts {

  /**
   * What rendering found.
   *
   * @param commands the name of every command rendered, subcommands included
   * @param problems one line per command whose help warned on stderr or kept a {@code %n}
   */
  public record Rendered(List<String> commands, List<String> problems) {}

  private HelpTexts() {}

  /** Renders the help of {@code roots} and of every subcommand below them. */
  public static Rendered render(CommandLine... roots) {
    List<CommandLine> commands = new ArrayList<>();
    for (CommandLine root : roots) {
      collect(root, commands);
    }
    List<String> names = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    PrintStream stderr = System.err;
    try {
      for (CommandLine command : commands) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
        System.err.flush();
        String name = command.getCommandName();
        names.add(name);
        String warning = captured.toString(StandardCharsets.UTF_8).strip();
        if (!warning.isEmpty()) {
          problems.add(name + ": picocli warned: " + warning);
        }
        if (help.contains("%n")) {
          problems.add(name + ": the help keeps a %n (a bare % in its text?)");
        }
      }
    } finally {
      System.setErr(stderr);
    }
    return new Rendered(List.copyOf(names), List.copyOf(problems));
  }

  private static void collect(CommandLine command, List<CommandLine> into) {
    into.add(command);
    command.getSubcommands().values().forEach(sub -> collect(sub, into));
  }
}
