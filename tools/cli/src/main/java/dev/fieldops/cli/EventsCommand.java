package dev.fieldops.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./fieldops events ...}: looking at the event streams. */
@Command(
    name = "events",
    subcommands = {EventsTailCommand.class},
    description = "Work with FieldOps event streams.")
final class EventsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is needed: tail");
  }
}
