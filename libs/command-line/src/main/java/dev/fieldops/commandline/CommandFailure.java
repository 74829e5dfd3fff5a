package dev.fieldops.commandline;

/**
 * A command could not do what it was asked, for a reason it can name: thrown by a command and
 * printed by {@link CommandLines} as one line ({@code <what happened>. What to do: <advice>}) with
 * its exit code, never as a stack trace.
 */
public final class CommandFailure extends RuntimeException {

  private final String advice;
  private final int exitCode;

  /**
   * @param message what happened, as a sentence without a final full stop
   * @param advice what the user can do about it; may be empty
   * @param exitCode one of {@link CommandLines}' exit codes
   */
  public CommandFailure(String message, String advice, int exitCode) {
    super(message);
    this.advice = advice == null ? "" : advice;
    this.exitCode = exitCode;
  }

  /** An operation that failed ({@link CommandLines#FAILED}). */
  public static CommandFailure failed(String message, String advice) {
    return new CommandFailure(message, advice, CommandLines.FAILED);
  }

  /** Something needed did not answer ({@link CommandLines#UNAVAILABLE}). */
  public static CommandFailure unavailable(String message, String advice) {
    return new CommandFailure(message, advice, CommandLines.UNAVAILABLE);
  }

  public String advice() {
    return advice;
  }

  public int exitCode() {
    return exitCode;
  }
}
