package dev.fieldops.cli;

import picocli.CommandLine.Command;

/** {@code ./fieldops events ...}: looking at the event streams. */
@Command(name = "events", mixinStandardHelpOptions = true, subcommands = {EventsTailCommand.class},
    description = "Work with FieldOps event streams.")
final class EventsCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.err);
  }
}
