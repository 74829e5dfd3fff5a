package dev.fieldops.runtime;

/**
 * What a service's operator commands (dead letters, projection rebuilds) share: their answer on
 * stdout, not drowned in the service's logs.
 */
public final class ServiceCommands {

  private ServiceCommands() {}

  /**
   * Logs only errors unless {@code LOG_LEVEL} says otherwise. Must run before the first logger is
   * created (the service's logback.xml reads the level once, at start).
   */
  public static void quietLogs() {
    if (System.getenv("LOG_LEVEL") == null && System.getProperty("LOG_LEVEL") == null) {
      System.setProperty("LOG_LEVEL", "ERROR");
    }
  }
}
