package dev.fieldops.jooq;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Whether a schema has every migration of some sets applied, asked with the service's own login
 * (which may read the history tables, never change them): the check of {@link SchemaMode#VERIFY}.
 * Migrations newer than the code (a later release's, expand / contract) are fine.
 */
final class SchemaCheck {

  private final DataSource dataSource;
  private final List<MigrationSet> sets;

  SchemaCheck(DataSource dataSource, List<MigrationSet> sets) {
    this.dataSource = dataSource;
    this.sets = List.copyOf(sets);
  }

  /** Why the schema is not at the version the code expects, or null when it is. */
  String problem() {
    // The usual case, every migration applied, answered without Flyway (see AppliedMigrations);
    // Flyway says what is missing or changed otherwise.
    try (Connection connection = dataSource.getConnection()) {
      if (AppliedMigrations.allApplied(connection, sets)) {
        return null;
      }
    } catch (SQLException e) {
      // Flyway below reports the database's failure in its own words.
    }
    List<String> problems = new ArrayList<>();
    for (MigrationSet set : sets) {
      try {
        var flyway = Database.flyway(dataSource, set);
        MigrationInfo[] pending = flyway.info().pending();
        if (pending.length > 0) {
          MigrationInfo next = pending[0];
          problems.add(
              "migration set "
                  + set.name()
                  + ": "
                  + pending.length
                  + " migration(s) not applied, from V"
                  + next.getVersion()
                  + " '"
                  + next.getDescription()
                  + "'");
          continue;
        }
        var validation = flyway.validateWithResult();
        if (!validation.validationSuccessful) {
          problems.add(
              "migration set " + set.name() + ": " + validation.getAllErrorMessages().strip());
        }
      } catch (FlywayException e) {
        problems.add("migration set " + set.name() + ": " + e.getMessage());
      }
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }
}
