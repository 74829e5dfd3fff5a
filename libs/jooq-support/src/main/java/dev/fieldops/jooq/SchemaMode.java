package dev.fieldops.jooq;

import dev.fieldops.config.ConfigException;
import dev.fieldops.config.Environment;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a serving process may do to its database's schema ({@value #VARIABLE}).
 *
 * <ul>
 *   <li>{@link #MIGRATE} (the default, and what {@code ./fieldops up} and the tests use): the
 *       service runs the pending migrations at start, as {@code DATABASE_MIGRATION_USER} (the
 *       schema's owner) or, without one, as its own login, then serves.
 *   <li>{@link #VERIFY}: migrations are run by someone else before the service starts (the
 *       migrate-only mode, {@code FIELDOPS_MODE=migrate}, as a Kubernetes init container), and the
 *       service holds no migration credentials: {@code DATABASE_MIGRATION_USER} and {@code
 *       DATABASE_MIGRATION_PASSWORD[_FILE]} are refused. It never migrates; it checks with its own
 *       login that every migration its code carries is applied (Flyway validate), and until then
 *       reports {@code fieldops.database} and readiness NOT_SERVING with the reason, looking again
 *       about every second.
 * </ul>
 */
public enum SchemaMode {
  MIGRATE,
  VERIFY;

  public static final String VARIABLE = "DATABASE_SCHEMA_MODE";

  /**
   * Reads {@value #VARIABLE}: {@code migrate} (default) or {@code verify}.
   *
   * @throws ConfigException for another value, or for {@code verify} with migration credentials
   */
  public static SchemaMode fromEnvironment(Map<String, String> env) {
    var values = Environment.of(env);
    SchemaMode mode =
        values
            .value(
                VARIABLE,
                "migrate or verify",
                raw ->
                    switch (raw.toLowerCase(Locale.ROOT)) {
                      case "migrate" -> MIGRATE;
                      case "verify" -> VERIFY;
                      default -> throw new IllegalArgumentException(raw);
                    })
            .orElse(MIGRATE);
    if (mode == VERIFY) {
      for (String credential :
          List.of(
              DatabaseConfig.MIGRATION_USER_VARIABLE,
              DatabaseConfig.MIGRATION_PASSWORD_VARIABLE,
              Environment.fileVariable(DatabaseConfig.MIGRATION_PASSWORD_VARIABLE))) {
        if (values.string(credential).isPresent()) {
          throw ConfigException.invalid(
              VARIABLE,
              "verify",
              "migrate while "
                  + credential
                  + " is set: a service that only verifies its schema holds no migration"
                  + " credentials (give them to the migrate-only run, FIELDOPS_MODE=migrate)");
        }
      }
    }
    return mode;
  }
}
