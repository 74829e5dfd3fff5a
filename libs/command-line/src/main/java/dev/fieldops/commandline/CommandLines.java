package dev.fieldops.commandline;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The conventions every Java command behind {@code ./fieldops} follows, in one place, so that they
 * all behave alike:
 *
 * <ul>
 *   <li>{@code -h}/{@code --help} on every command and subcommand prints its usage, with the exit
 *       codes below, on stdout, and exits 0.
 *   <li>A failure is one line on stderr, {@code <command>: <what happened>. What to do: <advice>}
 *       ({@link ErrorLine}: for a gRPC error the status code, the {@code ErrorInfo} reason and the
 *       server's description); {@code --verbose} adds the stack trace.
 *   <li>A bad command line is one line, plus where to find the usage, and exit code 2.
 * </ul>
 *
 * Exit codes, the same for every command (and for {@code ./fieldops}' own):
 *
 * <table>
 *   <caption>exit codes</caption>
 *   <tr><td>0</td><td>done</td></tr>
 *   <tr><td>1</td><td>failed: the operation was refused or went wrong (the line says why)</td></tr>
 *   <tr><td>2</td><td>bad usage: unknown command or option, missing or malformed value</td></tr>
 *   <tr><td>3</td><td>unavailable: a service, NATS or the database did not answer (in time); retry
 *       once it runs</td></tr>
 *   <tr><td>130</td><td>interrupted (Ctrl-C)</td></tr>
 * </table>
 */
public final class CommandLines {

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int UNAVAILABLE = 3;
  public static final int INTERRUPTED = 130;

  /** The exit codes as the usage help lists them. */
  public static final Map<String, String> EXIT_CODES = exitCodes();

  private static final String VERBOSE = "--verbose";

  private CommandLines() {}

  private static Map<String, String> exitCodes() {
    var codes = new LinkedHashMap<String, String>();
    codes.put("" + OK, "done");
    codes.put("" + FAILED, "failed: refused or went wrong (the error line says why)");
    codes.put("" + USAGE, "bad usage: unknown command or option, missing or malformed value");
    codes.put("" + UNAVAILABLE, "unavailable: a service, NATS or the database did not answer");
    codes.put(INTERRUPTED + "", "interrupted (Ctrl-C)");
    return Collections.unmodifiableMap(codes);
  }

  /** Runs {@code command} with {@code args} on the standard streams and exits with its code. */
  public static void main(Object command, String[] args) {
    System.exit(
        execute(
            command,
            args,
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
  }

  /** Runs {@code command} with {@code args}; returns the exit code. */
  public static int execute(Object command, String[] args, PrintWriter out, PrintWriter err) {
    return create(command, out, err).execute(args);
  }

  /**
   * A command line for {@code command} (a picocli {@code @Command}) and its subcommands, with the
   * conventions above. Commands declare their own options only: help and {@code --verbose} are
   * added here.
   */
  public static CommandLine create(Object command, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(command);
    commandLine.setOut(out);
    commandLine.setErr(err);
    addConventions(commandLine);
    commandLine.setParameterExceptionHandler(
        (problem, ignored) -> {
          CommandLine failed = problem.getCommandLine();
          String name = failed.getCommandSpec().qualifiedName();
          failed.getErr().println(name + ": " + problem.getMessage());
          failed.getErr().println("Try: ./" + name + " --help");
          failed.getErr().flush();
          return USAGE;
        });
    commandLine.setExecutionExceptionHandler(
        (failure, failed, parseResult) -> {
          String name = failed.getCommandSpec().qualifiedName();
          if (failure instanceof picocli.CommandLine.ParameterException usage) {
            // Thrown by a command after parsing: a value the options' types could not judge.
            failed.getErr().println(name + ": " + usage.getMessage());
            failed.getErr().println("Try: ./" + name + " --help");
            failed.getErr().flush();
            return USAGE;
          }
          if (failure instanceof InterruptedException) {
            failed.getErr().println(name + ": interrupted");
            return INTERRUPTED;
          }
          ErrorLine line = ErrorLine.of(failure);
          failed.getErr().println(name + ": " + line.text());
          if (verbose(parseResult)) {
            failure.printStackTrace(failed.getErr());
          }
          failed.getErr().flush();
          return line.exitCode();
        });
    return commandLine;
  }

  private static void addConventions(CommandLine commandLine) {
    CommandSpec spec = commandLine.getCommandSpec();
    if (spec.findOption("--help") == null) {
      spec.addOption(
          OptionSpec.builder("-h", "--help")
              .usageHelp(true)
              .description("Show this help and exit.")
              .build());
    }
    if (spec.findOption(VERBOSE) == null) {
      spec.addOption(
          OptionSpec.builder(VERBOSE)
              .arity("0")
              .type(boolean.class)
              .description("On failure, print the stack trace after the error line.")
              .build());
    }
    spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
    spec.usageMessage().sortOptions(false);
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      addConventions(sub);
    }
  }

  /** Whether {@code --verbose} was given to the command or any command above it. */
  private static boolean verbose(ParseResult parseResult) {
    for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
      if (level.hasMatchedOption(VERBOSE)) {
        return true;
      }
    }
    return false;
  }
}
