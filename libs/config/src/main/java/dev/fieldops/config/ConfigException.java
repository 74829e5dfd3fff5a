package dev.fieldops.config;

import java.util.Objects;

/**
 * A configuration value that cannot be used. The message always reads {@code <VARIABLE>: invalid
 * value '<value>', expected <what>}: the variable first (an operator greps for it), the value as
 * given (so a typo shows), and what would have been accepted. A secret's value is never repeated.
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

  /** The variable whose value is unusable. */
  public String variable() {
    return variable;
  }
}
