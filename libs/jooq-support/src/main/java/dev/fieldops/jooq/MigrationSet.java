package dev.fieldops.jooq;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One independently versioned group of Flyway migrations: a service's own scripts, or the tables a
 * platform library needs (idempotency records, outbox). Each set records its progress in its own
 * history table, {@code flyway_history_<name>}, so a library adding its V3 never collides with a
 * service's V3. Versions start at 1 (version 0 is the baseline marker written when a set arrives in
 * a schema that other sets already populated).
 *
 * @param name lower-case identifier, unique per database ({@code support}, {@code idempotency})
 * @param location a Flyway location, for example {@code classpath:db/migration}
 */
public record MigrationSet(String name, String location) {

  private static final String HISTORY_TABLE_PREFIX = "flyway_history_";
  // PostgreSQL truncates identifiers at 63 bytes; keep the history table name within that.
  private static final Pattern NAME =
      Pattern.compile("[a-z][a-z0-9_]{0," + (62 - HISTORY_TABLE_PREFIX.length()) + "}");

  public MigrationSet {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(location, "location");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a migration set name is a lower-case identifier of at most "
              + (63 - HISTORY_TABLE_PREFIX.length())
              + " characters: '"
              + name
              + "'");
    }
    if (location.isBlank()) {
      throw new IllegalArgumentException("migration set " + name + " needs a location");
    }
  }

  /** The Flyway schema history table of this set. */
  public String historyTable() {
    return HISTORY_TABLE_PREFIX + name;
  }
}
