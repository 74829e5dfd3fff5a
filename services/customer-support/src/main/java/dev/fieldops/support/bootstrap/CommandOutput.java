package dev.fieldops.support.bootstrap;

/** What the operator commands share: their answer on stdout, not drowned in the service's logs. */
final class CommandOutput {

  private CommandOutput() {}

  /**
   * Logs only errors unless {@code LOG_LEVEL} says otherwise. Must run before the first logger
   * is created (the service's logback.xml reads the level once, at start).
   */
  static void quietLogs() {
    if (System.getenv("LOG_LEVEL") == null && System.getProperty("LOG_LEVEL") == null) {
      System.setProperty("LOG_LEVEL", "ERROR");
    }
  }
}
