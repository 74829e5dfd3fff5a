package dev.fieldops.jooq;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's database: the connection pool, its migrated schema, the jOOQ context and the
 * transactor, started together so that a service is either fully connected and migrated or not
 * started at all.
 *
 * <p>Failures to reach the server keep their pgjdbc or HikariCP cause: somewhere in the chain of
 * what {@link #start} or a query throws is an {@link SQLException} with SQLState class 08 or a
 * {@link java.sql.SQLTransientConnectionException} (pool acquisition timed out), which the gRPC
 * layer maps to {@code UNAVAILABLE}.
 */
public final class Database implements AutoCloseable {

  static {
    // jOOQ prints a banner and a "tip of the day" on first use unless told not to.
    if (System.getProperty("org.jooq.no-logo") == null) {
      System.setProperty("org.jooq.no-logo", "true");
    }
    if (System.getProperty("org.jooq.no-tips") == null) {
      System.setProperty("org.jooq.no-tips", "true");
    }
  }

  private static final Logger log = LoggerFactory.getLogger(Database.class);
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern DATABASE_NAME_IN_URL =
      Pattern.compile("^jdbc:postgresql:(?://[^/]*/)?([^?;/]+).*$");
  private static final String DUPLICATE_DATABASE = "42P04";
  private static final String DUPLICATE_OBJECT = "42710";
  // HikariCP's floor for the keepalive of idle connections.
  private static final Duration KEEPALIVE = Duration.ofSeconds(30);
  private static final Duration MAX_LIFETIME = Duration.ofMinutes(30);

  private final DatabaseConfig config;
  private final HikariDataSource dataSource;
  private final DSLContext dsl;
  private final Transactor transactor;
  // VERIFY mode: the check of the schema's version, until it found every migration applied.
  private volatile SchemaCheck schemaCheck;

  private Database(
      DatabaseConfig config, HikariDataSource dataSource, Tracer tracer, SchemaCheck schemaCheck) {
    this.config = config;
    this.dataSource = dataSource;
    this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES, settings());
    this.transactor = new Transactor(dsl, Transactor.DEFAULT_MAX_ATTEMPTS, tracer);
    this.schemaCheck = schemaCheck;
  }

  /**
   * jOOQ's settings for every FieldOps database. {@code timestamptz} (and {@code timetz}) values go
   * to pgjdbc and come back from it as {@code OffsetDateTime} objects ({@code setObject}, {@code
   * getObject}). jOOQ's default binds them as text it formats and reads them as text it parses
   * again, while pgjdbc, reading the binary result, formats that text first: reading a page of
   * tickets (seven such columns a row) spent 17 % of its CPU on it.
   */
  static Settings settings() {
    return new Settings().withBindOffsetDateTimeType(true).withBindOffsetTimeType(true);
  }

  /**
   * Opens the pool, runs every migration set in list order (each with its own history table) and
   * returns the ready database. Fails fast when the server cannot be reached or a migration fails;
   * the pool is closed again in that case.
   */
  public static Database start(DatabaseConfig config, List<MigrationSet> migrations) {
    return start(config, migrations, null);
  }

  /**
   * Like {@link #start(DatabaseConfig, List)}, with the pool's meters ({@code hikaricp.*}: active,
   * idle and pending connections, acquire, usage and creation times, timeouts; tagged {@code pool})
   * in {@code meters}, through HikariCP's own Micrometer metrics tracker.
   */
  public static Database start(
      DatabaseConfig config, List<MigrationSet> migrations, MeterRegistry meters) {
    return start(config, migrations, meters, OpenTelemetry.noop());
  }

  /**
   * Like {@link #start(DatabaseConfig, List, MeterRegistry)}, with a span per transaction of its
   * {@link #transactor()} in {@code openTelemetry}'s traces.
   */
  public static Database start(
      DatabaseConfig config,
      List<MigrationSet> migrations,
      MeterRegistry meters,
      OpenTelemetry openTelemetry) {
    return start(config, migrations, SchemaMode.MIGRATE, meters, openTelemetry);
  }

  /**
   * Like {@link #start(DatabaseConfig, List, MeterRegistry, OpenTelemetry)}; in {@link
   * SchemaMode#VERIFY} nothing is migrated: the schema is checked with the pool's login instead, at
   * start and then by every {@link #probe()} until every migration of {@code migrations} is found
   * applied, and until then {@link #probe()} reports the database unusable with the reason.
   */
  public static Database start(
      DatabaseConfig config,
      List<MigrationSet> migrations,
      SchemaMode schemaMode,
      MeterRegistry meters,
      OpenTelemetry openTelemetry) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(schemaMode, "schemaMode");
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    List<MigrationSet> sets = List.copyOf(migrations);
    requireDistinctNames(sets);
    HikariConfig hikari = hikariConfig(config);
    if (meters != null) {
      hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
    }
    HikariDataSource pool = new HikariDataSource(hikari);
    try {
      SchemaCheck check = null;
      if (schemaMode == SchemaMode.MIGRATE) {
        migrate(config, sets);
      } else {
        check = new SchemaCheck(pool, sets);
        String problem = check.problem();
        if (problem == null) {
          check = null;
          log.info("schema verified: every migration of {} applied", names(sets));
        } else {
          log.warn(
              "schema not at the version this code expects ({}={}: this service does not"
                  + " migrate): {}; run the migrate-only mode (FIELDOPS_MODE=migrate) as the"
                  + " schema's owner. fieldops.database stays NOT_SERVING until then",
              SchemaMode.VARIABLE,
              "verify",
              problem);
        }
      }
      return new Database(config, pool, openTelemetry.getTracer(Transactor.TRACER_SCOPE), check);
    } catch (RuntimeException | Error e) {
      pool.close();
      throw e;
    }
  }

  public DatabaseConfig config() {
    return config;
  }

  /** The pool, for libraries that speak JDBC directly (LISTEN/NOTIFY, COPY). */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * A jOOQ context over the pool; each statement runs in its own transaction unless inside a {@link
   * Transactor}.
   */
  public DSLContext dsl() {
    return dsl;
  }

  /** The transactor of this database; join semantics hold per instance, so share this one. */
  public Transactor transactor() {
    return transactor;
  }

  /** Whether a pooled connection answers within the pool-acquisition timeout. */
  public boolean isReachable() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid((int) Math.max(1, config.poolAcquireTimeout().toSeconds()));
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * What {@link #probe()} found.
   *
   * @param reachable whether the pool can get a working connection now
   * @param detail why not, or how it is
   */
  public record Probe(boolean reachable, String detail) {}

  /**
   * Whether the pool can get a working connection now: for health, which must say NOT_SERVING while
   * the database is away and SERVING again when it is back. Borrows one connection (waiting at most
   * the pool-acquisition timeout) and asks it whether it is valid. A pool that is only busy, every
   * connection in use by requests that do get answers, counts as reachable: the timeout then
   * carries no connection failure, while during an outage the pool's failed attempts to connect are
   * its cause. Never throws.
   */
  public Probe probe() {
    try (Connection connection = dataSource.getConnection()) {
      if (connection.isValid(1)) {
        return schemaProbe();
      }
      return new Probe(false, "a pooled connection did not answer within 1 s");
    } catch (SQLException e) {
      if (e instanceof java.sql.SQLTransientConnectionException
          && e.getCause() == null
          && e.getSQLState() == null) {
        return new Probe(true, "every pooled connection is in use: " + e.getMessage());
      }
      return new Probe(false, describe(e));
    } catch (RuntimeException e) {
      return new Probe(false, describe(e));
    }
  }

  /** In VERIFY mode, whether the schema has every migration now (once it has, for good). */
  private Probe schemaProbe() {
    SchemaCheck check = schemaCheck;
    if (check == null) {
      return new Probe(true, "a pooled connection answers");
    }
    String problem = check.problem();
    if (problem != null) {
      return new Probe(
          false,
          "schema not migrated to the version this code expects ("
              + SchemaMode.VARIABLE
              + "=verify: run FIELDOPS_MODE=migrate as the schema's owner): "
              + problem);
    }
    schemaCheck = null;
    log.info("schema verified: every migration this code carries is applied");
    return new Probe(true, "a pooled connection answers; the schema is migrated");
  }

  private static String names(List<MigrationSet> sets) {
    return sets.stream().map(MigrationSet::name).toList().toString();
  }

  private static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder();
    java.util.Set<Throwable> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (!text.isEmpty()) {
        text.append(": ");
      }
      text.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        text.append(" (SQLState ").append(sql.getSQLState()).append(')');
      }
    }
    return text.toString();
  }

  /** Closes the pool; in-flight connections are closed as they are returned. */
  @Override
  public void close() {
    dataSource.close();
  }

  /**
   * Creates database {@code databaseName} when it does not exist yet, for local runs and tests
   * where nobody provisioned it. Idempotent, also when two processes race.
   *
   * @return whether this call created the database
   */
  public static boolean ensureDatabaseExists(
      String adminJdbcUrl, String user, String password, String databaseName) {
    return ensureDatabaseExists(adminJdbcUrl, user, password, databaseName, null, null);
  }

  /**
   * Like {@link #ensureDatabaseExists(String, String, String, String)}, and also creates the login
   * role {@code ownerRole} (without a password) when missing and makes it the new database's owner.
   */
  public static boolean ensureDatabaseExists(
      String adminJdbcUrl, String user, String password, String databaseName, String ownerRole) {
    return ensureDatabaseExists(adminJdbcUrl, user, password, databaseName, ownerRole, null);
  }

  /**
   * Creates login role {@code ownerRole} (with {@code ownerPassword}, when not null) if missing,
   * then database {@code databaseName} owned by it if missing. A database created here is closed to
   * {@code PUBLIC}: only its owner (and superusers) may connect, so each service's role reaches
   * only its own database. An existing role or database is left as it is. The admin user needs
   * {@code CREATEDB} and {@code CREATEROLE} (or is a superuser).
   *
   * @return whether this call created the database
   */
  public static boolean ensureDatabaseExists(
      String adminJdbcUrl,
      String user,
      String password,
      String databaseName,
      String ownerRole,
      String ownerPassword) {
    requireIdentifier("database name", databaseName);
    if (ownerRole != null) {
      requireIdentifier("owner role", ownerRole);
    }
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password == null ? "" : password);
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("loginTimeout", "5");
    properties.setProperty("socketTimeout", "60");
    properties.setProperty("tcpKeepAlive", "true");
    try (Connection admin = DriverManager.getConnection(adminJdbcUrl, properties)) {
      if (ownerRole != null
          && !exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", ownerRole)) {
        String passwordClause = ownerPassword == null ? "" : " PASSWORD " + literal(ownerPassword);
        if (execute(
            admin,
            "CREATE ROLE " + quote(ownerRole) + " LOGIN" + passwordClause,
            DUPLICATE_OBJECT)) {
          log.info("created login role {}", ownerRole);
        }
      }
      if (exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", databaseName)) {
        return false;
      }
      String ownerClause = ownerRole == null ? "" : " OWNER " + quote(ownerRole);
      // Two racing creators: the loser sees duplicate_database (or, rarely, a unique violation
      // on the catalog); both mean the database is there.
      if (!execute(
          admin,
          "CREATE DATABASE " + quote(databaseName) + ownerClause,
          DUPLICATE_DATABASE,
          SqlFailures.UNIQUE_VIOLATION)) {
        return false;
      }
      if (ownerRole != null) {
        execute(admin, "REVOKE ALL ON DATABASE " + quote(databaseName) + " FROM PUBLIC");
      }
      log.info(
          "created database {}{}", databaseName, ownerRole == null ? "" : " owned by " + ownerRole);
      return true;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot ensure database " + databaseName + " exists (SQLState " + e.getSQLState() + ")",
          e);
    }
  }

  private static HikariConfig hikariConfig(DatabaseConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("fieldops-" + databaseName(config.jdbcUrl()));
    hikari.setJdbcUrl(config.jdbcUrl());
    hikari.setUsername(config.username());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.maximumPoolSize());
    hikari.setConnectionTimeout(config.poolAcquireTimeout().toMillis());
    hikari.setValidationTimeout(Math.max(250, config.poolAcquireTimeout().toMillis() / 2));
    hikari.setInitializationFailTimeout(1);
    hikari.addDataSourceProperty("connectTimeout", Long.toString(seconds(config.connectTimeout())));
    hikari.addDataSourceProperty("loginTimeout", Long.toString(seconds(config.connectTimeout())));
    hikari.addDataSourceProperty("socketTimeout", Long.toString(seconds(config.socketTimeout())));
    hikari.addDataSourceProperty("tcpKeepAlive", "true");
    hikari.setConnectionInitSql(sessionSettings(config));
    // After a failover no pooled connection may keep pointing at the old primary. HikariCP evicts a
    // connection that fails with SQLState class 08 or 57P01-57P03 (the server went away) by itself;
    // one that is refused a write because its server is a standby now (25006) is evicted too, so
    // that the next borrow opens a connection through the URL, which finds the new primary
    // (targetServerType=primary). A borrowed connection idle for more than half a second is
    // validated first, and idle ones are checked in the background every keepalive interval, so
    // connections that died with the old primary leave the pool without a request tripping on them.
    hikari.setExceptionOverride(new EvictConnectionsToAStandby());
    hikari.setKeepaliveTime(KEEPALIVE.toMillis());
    hikari.setMaxLifetime(MAX_LIFETIME.toMillis());
    return hikari;
  }

  /** Evicts a pooled connection refused a write because its server is read-only (a standby). */
  static final class EvictConnectionsToAStandby implements SQLExceptionOverride {
    // SQLExceptionOverride.Override, the verdict, shadows the annotation here.
    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException failure) {
      return SqlFailures.READ_ONLY_SQL_TRANSACTION.equals(failure.getSQLState())
          ? SQLExceptionOverride.Override.MUST_EVICT
          : SQLExceptionOverride.Override.CONTINUE_EVICT;
    }
  }

  /**
   * Session timeouts of every pooled connection. Set per connection rather than per role so that
   * they hold whoever provisioned the role, and so that migrations (on their own connections) are
   * not bound by them.
   */
  static String sessionSettings(DatabaseConfig config) {
    return "SET statement_timeout = "
        + config.statementTimeout().toMillis()
        + "; SET idle_in_transaction_session_timeout = "
        + config.idleInTransactionTimeout().toMillis()
        + "; SET lock_timeout = "
        + config.lockTimeout().toMillis();
  }

  /**
   * Runs {@code sets} in order as the migration login, on connections of its own, and nothing else:
   * the migrate-only mode. Throws when the database cannot be reached or a migration fails.
   */
  public static void migrate(DatabaseConfig config, List<MigrationSet> sets) {
    Objects.requireNonNull(config, "config");
    requireDistinctNames(List.copyOf(sets));
    if (sets.isEmpty()) {
      return;
    }
    // Migrations run on plain connections without the pool's session timeouts, as the schema's
    // owner when the service's own login may only read and write rows. The lock timeout set on the
    // owner's role or the database still applies (the provisioned owners have 2 s): a migration
    // queued behind a long transaction for its table lock would hold every query on that table
    // behind itself, so it fails instead and the start is retried. The statement timeout does not
    // (Flyway's sessions: a backfill or an index build takes as long as it takes), nor either
    // timeout the wait for the migration lock below.
    PGSimpleDataSource migrationSource = migrationSource(config, new PGSimpleDataSource());
    PGSimpleDataSource flywaySource = migrationSource(config, new WithoutStatementTimeout());
    // A restart usually finds every migration applied: a look at the history tables says so in a
    // few queries, where Flyway (set up, locks, scans and validates once per set) took about 2 s of
    // the start. Anything else, Flyway migrates and validates as before.
    try (Connection connection = migrationSource.getConnection()) {
      if (AppliedMigrations.allApplied(connection, sets)) {
        log.info(
            "migration sets {}: every migration already applied (history and checksums checked),"
                + " nothing to migrate",
            names(sets));
        return;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot connect as "
              + config.migrationUsername()
              + " to migrate the schema: "
              + describe(e),
          e);
    }
    // One migrating process per database at a time, over all the sets: Flyway locks each set's
    // history table only around applying a migration, and two replicas starting on an empty
    // database raced outside it (the second saw no history table of a set, the first created it
    // and applied V1, then the second's baseline found migrations there and failed its start).
    // The lock is the session's: it goes with the connection if this process dies.
    try (Connection lock = migrationSource.getConnection()) {
      awaitMigrationLock(lock, config.migrationUsername());
      for (MigrationSet set : sets) {
        MigrateResult result = flyway(flywaySource, set).migrate();
        log.info(
            "migration set {}: {} migration(s) applied, schema version {}",
            set.name(),
            result.migrationsExecuted,
            result.targetSchemaVersion == null
                ? result.initialSchemaVersion
                : result.targetSchemaVersion);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot migrate the schema as " + config.migrationUsername() + ": " + describe(e), e);
    }
  }

  /**
   * The advisory lock key every FieldOps process takes in its database while it migrates ({@link
   * #migrate}); advisory locks are per database, so services sharing a server do not wait for each
   * other.
   */
  public static final long MIGRATION_LOCK = 0x6669656c644f7073L; // "fieldOps"

  private static void awaitMigrationLock(Connection connection, String user) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      // Waiting for another process's migrations takes as long as they take: this session is
      // exempt from the lock and statement timeouts its role or database may set (the provisioned
      // owners have 2 s and 5-10 s).
      statement.execute("set lock_timeout = 0; set statement_timeout = 0");
      try (ResultSet got =
          statement.executeQuery("select pg_try_advisory_lock(" + MIGRATION_LOCK + ")")) {
        got.next();
        if (got.getBoolean(1)) {
          return;
        }
      }
      log.info("waiting for another process's migrations of this database (as {})", user);
      statement.execute("select pg_advisory_lock(" + MIGRATION_LOCK + ")");
    }
  }

  /**
   * Plain connections as the schema's owner. setURL takes the URL's parameters (sslmode,
   * sslrootcert, ...) along; only the timeouts below are set over them.
   */
  private static PGSimpleDataSource migrationSource(
      DatabaseConfig config, PGSimpleDataSource source) {
    source.setURL(config.jdbcUrl());
    source.setUser(config.migrationUsername());
    source.setPassword(config.migrationPassword());
    source.setConnectTimeout((int) seconds(config.connectTimeout()));
    source.setLoginTimeout((int) seconds(config.connectTimeout()));
    source.setTcpKeepAlive(true);
    return source;
  }

  /**
   * Flyway's sessions when it migrates: no statement timeout from the role or the database. Set on
   * each new connection here rather than with Flyway's {@code initSql}, which Flyway deprecated
   * (and warned about once per migration set at every start that migrated); a startup {@code
   * options} parameter would do the same, but a connection pooler in front may refuse it.
   */
  private static final class WithoutStatementTimeout extends PGSimpleDataSource {
    private static final long serialVersionUID = 1L;

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      Connection connection = super.getConnection(user, password);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET statement_timeout = 0");
      } catch (SQLException | RuntimeException e) {
        try {
          connection.close();
        } catch (SQLException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
      return connection;
    }
  }

  /** Flyway for one set, alike for migrating and for checking. */
  static Flyway flyway(DataSource dataSource, MigrationSet set) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations(set.location())
        .table(set.historyTable())
        // Another set may already have populated the schema; version 0 is only a marker,
        // so this set's V1 still runs.
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .failOnMissingLocations(true)
        .validateMigrationNaming(true)
        .cleanDisabled(true)
        .loggers("slf4j")
        .load();
  }

  private static void requireDistinctNames(List<MigrationSet> sets) {
    long distinct = sets.stream().map(MigrationSet::name).distinct().count();
    if (distinct != sets.size()) {
      throw new IllegalArgumentException("migration set names must be distinct: " + sets);
    }
  }

  private static String databaseName(String jdbcUrl) {
    var matcher = DATABASE_NAME_IN_URL.matcher(jdbcUrl);
    return matcher.matches() ? matcher.group(1) : "db";
  }

  private static long seconds(Duration duration) {
    // pgjdbc counts whole seconds; round up so that 500ms does not become "no timeout".
    long seconds = duration.toSeconds();
    return duration.isZero() || duration.equals(Duration.ofSeconds(seconds))
        ? seconds
        : seconds + 1;
  }

  private static boolean exists(Connection connection, String sql, String value)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, value);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  /** Runs DDL; returns false when it failed with one of {@code tolerated} SQLStates. */
  private static boolean execute(Connection connection, String sql, String... tolerated)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
      return true;
    } catch (SQLException e) {
      for (String state : tolerated) {
        if (state.equals(e.getSQLState())) {
          return false;
        }
      }
      throw e;
    }
  }

  private static void requireIdentifier(String what, String name) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what
              + " must be a lower-case identifier ([a-z_][a-z0-9_]*, at most 63 characters): "
              + name);
    }
  }

  private static String quote(String identifier) {
    return '"' + identifier + '"';
  }

  private static String literal(String value) {
    // An escape string literal means the same whatever standard_conforming_strings says.
    return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
  }
}
