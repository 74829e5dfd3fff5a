package dev.fieldops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code ./fieldops events tail | simulate | demo}. */
@Command(
    name = "fieldops",
    mixinStandardHelpOptions = true,
    subcommands = {EventsCommand.class, SimulateCommand.class, DemoCommand.class},
    description = "FieldOps client tools.")
public final class FieldOpsCli implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.err);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new FieldOpsCli()).execute(args));
  }
}
