package dev.fieldops.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A configuration value that cannot be used. The message always reads {@code <VARIABLE>: invalid
 * value '<value>', expected <what>}: the variable first (an operator greps for it), the value as
 * given (so a typo shows), and what would have been accepted. A secret's value is never repeated. A
 * secret read from a file ({@code NAME_FILE}) that cannot be read names that variable and the path.
 *
 * <p>It is an {@link IllegalArgumentException}: a bad setting is an argument the operator gave the
 * process, and a start that meets one stops.
 */
public final class ConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String variable;

  private ConfigException(String variable, String message) {
    super(message);
    this.variable = variable;
  }

  /** {@code variable} holds {@code value}, which is not {@code expected}. */
  public static ConfigException invalid(String variable, String value, String expected) {
    Objects.requireNonNull(variable, "variable");
    return new ConfigException(
        variable, variable + ": invalid value '" + value + "', expected " + expected);
  }

  /** Like {@link #invalid}, for a variable whose value must not appear in logs. */
  public static ConfigException invalidSecret(String variable, String expected) {
    Objects.requireNonNull(variable, "variable");
    return new ConfigException(
        variable, variable + ": invalid value (not shown), expected " + expected);
  }

  /**
   * A required setting is missing: {@code variables} (one name, or alternatives such as {@code "A
   * or B"}), then {@code what} to set.
   */
  public static ConfigException missing(String variables, String what) {
    Objects.requireNonNull(variables, "variables");
    return new ConfigException(variables, variables + ": not set; " + what);
  }

  /** Both {@code variable} and {@code fileVariable} are set: it is unclear which one is meant. */
  public static ConfigException conflicting(String variable, String fileVariable) {
    Objects.requireNonNull(variable, "variable");
    Objects.requireNonNull(fileVariable, "fileVariable");
    return new ConfigException(
        variable,
        variable
            + " and "
            + fileVariable
            + " are both set: set only one (the value itself, or the file that holds it)");
  }

  /**
   * The file that {@code fileVariable} names cannot be used, for {@code reason} (never its
   * contents).
   */
  public static ConfigException unreadableFile(String fileVariable, Path file, String reason) {
    Objects.requireNonNull(fileVariable, "fileVariable");
    return new ConfigException(
        fileVariable, fileVariable + ": cannot read the file '" + file + "': " + reason);
  }

  /** The variable whose value is unusable. */
  public String variable() {
    return variable;
  }
}
