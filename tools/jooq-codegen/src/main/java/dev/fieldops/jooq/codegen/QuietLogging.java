package dev.fieldops.jooq.codegen;

/**
 * The build tools here print their own one-line results; the libraries they drive (Flyway, jOOQ,
 * zonky's embedded PostgreSQL) log through SLF4J, and their classpath (a service's compile
 * classpath inside Maven, or this module's for {@code ./fieldops up}) has no SLF4J binding on
 * purpose, the services' logback being runtime-only. Without a word SLF4J would fall back to
 * discarding everything, after three lines of "No SLF4J providers were found" in every build.
 * Naming that same no-operation provider explicitly keeps the result and drops the warning.
 */
final class QuietLogging {

  private QuietLogging() {}

  /** Must run before the first SLF4J logger is created. */
  static void discardLibraryLogs() {
    System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
    // Otherwise SLF4J reports, at its INFO level, that it honours the property above.
    System.setProperty("slf4j.internal.verbosity", "WARN");
  }
}
