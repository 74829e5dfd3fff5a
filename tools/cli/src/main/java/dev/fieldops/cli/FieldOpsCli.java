package dev.fieldops.cli;

import dev.fieldops.commandline.CommandLines;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Entry point: {@code ./fieldops events tail | simulate | demo | nats-keys}, with the conventions
 * of every FieldOps command ({@link CommandLines}: help, one-line errors, exit codes).
 */
@Command(
    name = "fieldops",
    subcommands = {
      EventsCommand.class,
      SimulateCommand.class,
      DemoCommand.class,
      NatsKeysCommand.class
    },
    description = "FieldOps client tools.")
public final class FieldOpsCli implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "a command is needed: events, simulate, demo or nats-keys");
  }

  /** The command line with FieldOps' conventions, writing to {@code out} and {@code err}. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return CommandLines.create(new FieldOpsCli(), out, err);
  }

  /**
   * The same, the commands reading their environment variables (NATS identity and TLS) from {@code
   * env} instead of the process's.
   */
  public static CommandLine commandLine(
      PrintWriter out, PrintWriter err, java.util.Map<String, String> env) {
    CommandLine line = commandLine(out, err);
    EventsTailCommand tail =
        line.getSubcommands().get("events").getSubcommands().get("tail").getCommand();
    tail.environment = java.util.Map.copyOf(env);
    return line;
  }

  public static void main(String[] args) {
    CommandLines.main(new FieldOpsCli(), args);
  }
}
