package dev.fieldops.runtime;

import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.DatabaseConfig;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migrate-only mode of every service ({@value #MODE_VARIABLE}{@code =migrate}): connect as
 * {@code DATABASE_MIGRATION_USER} (the schema's owner; without one, as {@code DATABASE_USER}), run
 * the platform's and the service's migrations ({@link ServiceRuntime#migrationSets}), and exit: 0
 * when the schema is migrated, 1 with the reason otherwise. Nothing else starts (no gRPC server,
 * NATS or metrics endpoint), so a Kubernetes init container or Job runs it under the owner role
 * while the serving container, without those credentials, only verifies the schema ({@code
 * DATABASE_SCHEMA_MODE=verify}).
 */
public final class MigrateOnly {

  /** {@code serve} (default) or {@code migrate}. */
  public static final String MODE_VARIABLE = "FIELDOPS_MODE";

  private static final Logger LOG = LoggerFactory.getLogger(MigrateOnly.class);

  private MigrateOnly() {}

  /**
   * Whether {@code env} asks for the migrate-only mode.
   *
   * @throws IllegalArgumentException for a mode other than {@code serve} or {@code migrate}
   */
  public static boolean requested(Map<String, String> env) {
    String mode = env.getOrDefault(MODE_VARIABLE, "").strip().toLowerCase(Locale.ROOT);
    return switch (mode) {
      case "", "serve" -> false;
      case "migrate" -> true;
      default ->
          throw new IllegalArgumentException(
              MODE_VARIABLE
                  + ": invalid value '"
                  + env.get(MODE_VARIABLE)
                  + "', expected serve or migrate");
    };
  }

  /**
   * Migrates {@code descriptor}'s database as configured in {@code env}; returns the process's exit
   * status (0 migrated, 1 not), having said why on standard error and in the log.
   */
  public static int run(ServiceDescriptor descriptor, Map<String, String> env) {
    String name = descriptor.serviceName();
    DatabaseConfig config;
    try {
      config = DatabaseConfig.fromEnvironment(env, descriptor.defaultDatabase());
    } catch (IllegalArgumentException e) {
      LOG.error("migrate-only: invalid configuration: {}", e.getMessage());
      System.err.println(name + ": migrate-only: invalid configuration: " + e.getMessage());
      return 1;
    }
    var sets = ServiceRuntime.migrationSets(descriptor);
    LOG.info(
        "migrate-only: migrating {}'s schema as {} ({} migration sets)",
        name,
        config.migrationUsername(),
        sets.size());
    try {
      Database.migrate(config, sets);
    } catch (RuntimeException e) {
      String reason = reason(e);
      LOG.error("migrate-only: migration failed as {}: {}", config.migrationUsername(), reason, e);
      System.err.println(
          name
              + ": migrate-only: migration failed as "
              + config.migrationUsername()
              + ": "
              + reason);
      return 1;
    }
    LOG.info("migrate-only: {}'s schema migrated; exiting", name);
    System.err.println(name + ": migrate-only: schema migrated");
    return 0;
  }

  private static String reason(Throwable failure) {
    var text = new StringBuilder();
    for (Throwable t = failure; t != null && text.length() < 2000; t = t.getCause()) {
      if (!text.isEmpty()) {
        text.append(": ");
      }
      text.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip());
      if (t.getCause() == t) {
        break;
      }
    }
    return text.toString();
  }
}
