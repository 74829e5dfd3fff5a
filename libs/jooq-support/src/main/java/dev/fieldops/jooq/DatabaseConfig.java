package dev.fieldops.jooq;

import dev.fieldops.config.ConfigException;
import dev.fieldops.config.Durations;
import dev.fieldops.config.Environment;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a service reaches its PostgreSQL database, with every timeout spelled out. A zero {@link
 * Duration} for the socket, statement, idle-in-transaction and lock timeouts switches that timeout
 * off (PostgreSQL's and pgjdbc's convention); the connect and pool-acquisition timeouts are always
 * bounded.
 *
 * <p>Two logins may be given: the service's own ({@code username}), which the pool uses for every
 * request and which needs only to read and write rows, and the migration login ({@code
 * migrationUsername}), the owner of the schema, which runs the migrations at start on connections
 * of their own and is then let go. Without a migration login of its own the service's login does
 * both, as on a local run with one role.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port/database[?params]}; pgjdbc's parameters in it
 *     ({@code sslmode}, {@code sslrootcert}, {@code sslcert}, {@code sslkey}, ...) hold for the
 *     pool and the migrations alike
 * @param maximumPoolSize the real concurrency limit of the service's database work
 * @param connectTimeout pgjdbc {@code connectTimeout} and {@code loginTimeout} (whole seconds,
 *     rounded up): establishing one connection
 * @param socketTimeout pgjdbc {@code socketTimeout} (whole seconds, rounded up): the last resort
 *     against a peer that stopped answering; longer than the statement timeout
 * @param statementTimeout PostgreSQL {@code statement_timeout} of every pooled session
 * @param idleInTransactionTimeout PostgreSQL {@code idle_in_transaction_session_timeout}
 * @param lockTimeout PostgreSQL {@code lock_timeout}
 * @param poolAcquireTimeout HikariCP {@code connectionTimeout}: how long a caller waits for a
 *     pooled connection; well below an RPC deadline, at least 250 ms
 * @param migrationUsername the login that runs the migrations (the schema's owner); {@code
 *     username} when there is no separate one
 * @param migrationPassword its password
 */
public record DatabaseConfig(
    String jdbcUrl,
    String username,
    String password,
    int maximumPoolSize,
    Duration connectTimeout,
    Duration socketTimeout,
    Duration statementTimeout,
    Duration idleInTransactionTimeout,
    Duration lockTimeout,
    Duration poolAcquireTimeout,
    String migrationUsername,
    String migrationPassword) {

  public static final String URL_VARIABLE = "DATABASE_URL";
  public static final String USER_VARIABLE = "DATABASE_USER";
  public static final String PASSWORD_VARIABLE = "DATABASE_PASSWORD";
  public static final String POOL_SIZE_VARIABLE = "DATABASE_POOL_SIZE";
  public static final String CONNECT_TIMEOUT_VARIABLE = "DATABASE_CONNECT_TIMEOUT";
  public static final String SOCKET_TIMEOUT_VARIABLE = "DATABASE_SOCKET_TIMEOUT";
  public static final String STATEMENT_TIMEOUT_VARIABLE = "DATABASE_STATEMENT_TIMEOUT";
  public static final String IDLE_IN_TRANSACTION_TIMEOUT_VARIABLE =
      "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT";
  public static final String LOCK_TIMEOUT_VARIABLE = "DATABASE_LOCK_TIMEOUT";
  public static final String POOL_ACQUIRE_TIMEOUT_VARIABLE = "DATABASE_POOL_ACQUIRE_TIMEOUT";
  public static final String MIGRATION_USER_VARIABLE = "DATABASE_MIGRATION_USER";
  public static final String MIGRATION_PASSWORD_VARIABLE = "DATABASE_MIGRATION_PASSWORD";

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5432;
  public static final String DEFAULT_USER = "postgres";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_POOL_ACQUIRE_TIMEOUT = Duration.ofSeconds(2);

  // HikariCP refuses a connectionTimeout below 250 ms.
  private static final Duration MIN_POOL_ACQUIRE_TIMEOUT = Duration.ofMillis(250);
  private static final String JDBC_PREFIX = "jdbc:postgresql:";
  private static final String URL_EXPECTED =
      "a jdbc:postgresql://, postgres:// or postgresql:// URL";
  private static final int MAX_POOL_SIZE = 10_000;
  static final int MAX_TIMEOUT_DAYS = 24;
  // PostgreSQL keeps its timeouts in an int of milliseconds: a little over 24 days.
  private static final Duration MAX_TIMEOUT = Duration.ofDays(MAX_TIMEOUT_DAYS);

  public DatabaseConfig {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (!jdbcUrl.startsWith(JDBC_PREFIX)) {
      throw new IllegalArgumentException("jdbcUrl must start with " + JDBC_PREFIX);
    }
    if (username.isBlank()) {
      throw new IllegalArgumentException("username must not be blank");
    }
    Objects.requireNonNull(migrationUsername, "migrationUsername");
    Objects.requireNonNull(migrationPassword, "migrationPassword");
    if (migrationUsername.isBlank()) {
      throw new IllegalArgumentException("migrationUsername must not be blank");
    }
    if (maximumPoolSize < 1) {
      throw new IllegalArgumentException("maximumPoolSize must be at least 1: " + maximumPoolSize);
    }
    requirePositive("connectTimeout", connectTimeout);
    requireNotNegative("socketTimeout", socketTimeout);
    requireNotNegative("statementTimeout", statementTimeout);
    requireNotNegative("idleInTransactionTimeout", idleInTransactionTimeout);
    requireNotNegative("lockTimeout", lockTimeout);
    requirePositive("poolAcquireTimeout", poolAcquireTimeout);
    if (poolAcquireTimeout.compareTo(MIN_POOL_ACQUIRE_TIMEOUT) < 0) {
      throw new IllegalArgumentException("poolAcquireTimeout must be at least 250ms");
    }
    if (cutsStatementsShort(socketTimeout, statementTimeout)) {
      throw new IllegalArgumentException(
          "socketTimeout ("
              + socketTimeout
              + ") must be longer than statementTimeout ("
              + statementTimeout
              + "), or a slow statement breaks its connection instead of"
              + " being cancelled");
    }
  }

  /** One login for the pool and the migrations alike. */
  public DatabaseConfig(
      String jdbcUrl,
      String username,
      String password,
      int maximumPoolSize,
      Duration connectTimeout,
      Duration socketTimeout,
      Duration statementTimeout,
      Duration idleInTransactionTimeout,
      Duration lockTimeout,
      Duration poolAcquireTimeout) {
    this(
        jdbcUrl,
        username,
        password,
        maximumPoolSize,
        connectTimeout,
        socketTimeout,
        statementTimeout,
        idleInTransactionTimeout,
        lockTimeout,
        poolAcquireTimeout,
        username,
        password);
  }

  /** Whether the migrations run as a login other than the pool's. */
  public boolean hasSeparateMigrationLogin() {
    return !migrationUsername.equals(username);
  }

  /**
   * A configuration with the platform defaults: pool of 2 × cores + 1, connect 5 s, socket 30 s,
   * statement 5 s, idle in transaction 10 s, lock 2 s, pool acquisition 2 s.
   */
  public static DatabaseConfig forUrl(String jdbcUrl, String username, String password) {
    return new DatabaseConfig(
        jdbcUrl,
        username,
        password,
        defaultPoolSize(),
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_SOCKET_TIMEOUT,
        DEFAULT_STATEMENT_TIMEOUT,
        DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT,
        DEFAULT_LOCK_TIMEOUT,
        DEFAULT_POOL_ACQUIRE_TIMEOUT);
  }

  /**
   * Reads the configuration from environment variables; a missing or blank variable takes its
   * default.
   *
   * <ul>
   *   <li>{@code DATABASE_URL}: {@code jdbc:postgresql://host:port/db[?params]} or {@code
   *       postgres://user:password@host:port/db[?params]} ({@code postgresql://} too); default
   *       {@code jdbc:postgresql://127.0.0.1:5432/<defaultDatabaseName>}. Several hosts (a primary
   *       and its standbys, {@code targetServerType=primary}) only in the {@code jdbc:} form.
   *   <li>{@code DATABASE_USER}, {@code DATABASE_PASSWORD}: override credentials in the URL;
   *       default {@code postgres} and no password (the local development server).
   *   <li>{@code DATABASE_MIGRATION_USER}, {@code DATABASE_MIGRATION_PASSWORD}: the schema owner's
   *       login that runs the migrations; default the service's own login.
   *   <li>Each secret ({@code DATABASE_URL}, {@code DATABASE_PASSWORD}, {@code
   *       DATABASE_MIGRATION_PASSWORD}) may instead be read from the file its {@code _FILE}
   *       variable names ({@link Environment#secret}).
   *   <li>{@code DATABASE_POOL_SIZE}: default 2 × available processors + 1.
   *   <li>{@code DATABASE_CONNECT_TIMEOUT}, {@code DATABASE_SOCKET_TIMEOUT}, {@code
   *       DATABASE_STATEMENT_TIMEOUT}, {@code DATABASE_IDLE_IN_TRANSACTION_TIMEOUT}, {@code
   *       DATABASE_LOCK_TIMEOUT}, {@code DATABASE_POOL_ACQUIRE_TIMEOUT}: durations such as {@code
   *       500ms}, {@code 5s}, {@code 2m}, {@code 1h} or ISO-8601 {@code PT5S}, at most {@value
   *       #MAX_TIMEOUT_DAYS} days; {@code 0} switches a timeout off where that is allowed.
   * </ul>
   *
   * @throws IllegalArgumentException naming the variable whose value is unusable (never echoing a
   *     password)
   */
  public static DatabaseConfig fromEnvironment(
      Map<String, String> env, String defaultDatabaseName) {
    return fromEnvironment(env, defaultDatabaseName, defaultPoolSize());
  }

  /**
   * Like {@link #fromEnvironment(Map, String)}, with {@code defaultPoolSize} connections when
   * {@code DATABASE_POOL_SIZE} is not set (a service adds what its own background workers hold).
   */
  public static DatabaseConfig fromEnvironment(
      Map<String, String> env, String defaultDatabaseName, int defaultPoolSize) {
    Objects.requireNonNull(env, "env");
    if (defaultPoolSize < 1) {
      throw new IllegalArgumentException("defaultPoolSize must be at least 1: " + defaultPoolSize);
    }
    if (defaultDatabaseName == null || defaultDatabaseName.isBlank()) {
      throw new IllegalArgumentException("defaultDatabaseName must not be blank");
    }
    var values = Environment.of(env);
    Endpoint endpoint =
        values
            .secret(URL_VARIABLE)
            .filter(url -> !url.isBlank())
            .map(url -> parseUrl(url.trim(), defaultDatabaseName))
            .orElseGet(
                () ->
                    new Endpoint(
                        JDBC_PREFIX
                            + "//"
                            + DEFAULT_HOST
                            + ":"
                            + DEFAULT_PORT
                            + "/"
                            + defaultDatabaseName,
                        null,
                        null));

    String user =
        values
            .string(USER_VARIABLE)
            .orElse(Objects.requireNonNullElse(endpoint.user(), DEFAULT_USER));
    String password =
        values
            .secret(PASSWORD_VARIABLE)
            .orElse(Objects.requireNonNullElse(endpoint.password(), ""));
    Optional<String> migrationUser = values.string(MIGRATION_USER_VARIABLE);
    Optional<String> migrationPassword = values.secret(MIGRATION_PASSWORD_VARIABLE);
    if (migrationUser.isEmpty() && migrationPassword.isPresent()) {
      throw ConfigException.missing(
          MIGRATION_USER_VARIABLE,
          MIGRATION_PASSWORD_VARIABLE
              + " is set: name the login it belongs to (the schema owner that runs the"
              + " migrations), or unset it to migrate as "
              + USER_VARIABLE);
    }
    int poolSize = values.integer(POOL_SIZE_VARIABLE, defaultPoolSize, 1, MAX_POOL_SIZE);
    Duration connect =
        values.duration(
            CONNECT_TIMEOUT_VARIABLE, DEFAULT_CONNECT_TIMEOUT, Duration.ofMillis(1), MAX_TIMEOUT);
    Duration socket =
        values.durationOrOff(SOCKET_TIMEOUT_VARIABLE, DEFAULT_SOCKET_TIMEOUT, MAX_TIMEOUT);
    Duration statement =
        values.durationOrOff(STATEMENT_TIMEOUT_VARIABLE, DEFAULT_STATEMENT_TIMEOUT, MAX_TIMEOUT);
    Duration idle =
        values.durationOrOff(
            IDLE_IN_TRANSACTION_TIMEOUT_VARIABLE, DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT, MAX_TIMEOUT);
    Duration lock = values.durationOrOff(LOCK_TIMEOUT_VARIABLE, DEFAULT_LOCK_TIMEOUT, MAX_TIMEOUT);
    Duration acquire =
        values.duration(
            POOL_ACQUIRE_TIMEOUT_VARIABLE,
            DEFAULT_POOL_ACQUIRE_TIMEOUT,
            MIN_POOL_ACQUIRE_TIMEOUT,
            MAX_TIMEOUT);
    if (cutsStatementsShort(socket, statement)) {
      throw ConfigException.invalid(
          SOCKET_TIMEOUT_VARIABLE,
          Durations.format(socket),
          "longer than "
              + STATEMENT_TIMEOUT_VARIABLE
              + " ("
              + Durations.format(statement)
              + ") or 0, or a slow statement breaks its connection instead of being cancelled");
    }
    return new DatabaseConfig(
        endpoint.jdbcUrl(),
        user,
        password,
        poolSize,
        connect,
        socket,
        statement,
        idle,
        lock,
        acquire,
        migrationUser.orElse(user),
        migrationUser.isPresent() ? migrationPassword.orElse("") : password);
  }

  /** Two connections per core plus one: enough to keep the CPU busy while others wait on I/O. */
  public static int defaultPoolSize() {
    return 2 * Runtime.getRuntime().availableProcessors() + 1;
  }

  public DatabaseConfig withMaximumPoolSize(int size) {
    return new DatabaseConfig(
        jdbcUrl,
        username,
        password,
        size,
        connectTimeout,
        socketTimeout,
        statementTimeout,
        idleInTransactionTimeout,
        lockTimeout,
        poolAcquireTimeout,
        migrationUsername,
        migrationPassword);
  }

  public DatabaseConfig withConnectTimeout(Duration timeout) {
    return new DatabaseConfig(
        jdbcUrl,
        username,
        password,
        maximumPoolSize,
        timeout,
        socketTimeout,
        statementTimeout,
        idleInTransactionTimeout,
        lockTimeout,
        poolAcquireTimeout,
        migrationUsername,
        migrationPassword);
  }

  public DatabaseConfig withStatementTimeout(Duration timeout) {
    return new DatabaseConfig(
        jdbcUrl,
        username,
        password,
        maximumPoolSize,
        connectTimeout,
        socketTimeout,
        timeout,
        idleInTransactionTimeout,
        lockTimeout,
        poolAcquireTimeout,
        migrationUsername,
        migrationPassword);
  }

  public DatabaseConfig withLockTimeout(Duration timeout) {
    return new DatabaseConfig(
        jdbcUrl,
        username,
        password,
        maximumPoolSize,
        connectTimeout,
        socketTimeout,
        statementTimeout,
        idleInTransactionTimeout,
        timeout,
        poolAcquireTimeout,
        migrationUsername,
        migrationPassword);
  }

  public DatabaseConfig withPoolAcquireTimeout(Duration timeout) {
    return new DatabaseConfig(
        jdbcUrl,
        username,
        password,
        maximumPoolSize,
        connectTimeout,
        socketTimeout,
        statementTimeout,
        idleInTransactionTimeout,
        lockTimeout,
        timeout,
        migrationUsername,
        migrationPassword);
  }

  /**
   * The same, with the migrations run as {@code user} (the schema's owner) with {@code password}.
   */
  public DatabaseConfig withMigrationLogin(String user, String password) {
    return new DatabaseConfig(
        jdbcUrl,
        username,
        this.password,
        maximumPoolSize,
        connectTimeout,
        socketTimeout,
        statementTimeout,
        idleInTransactionTimeout,
        lockTimeout,
        poolAcquireTimeout,
        user,
        password);
  }

  /** Keeps the passwords out of logs and exception messages. */
  @Override
  public String toString() {
    return "DatabaseConfig[jdbcUrl="
        + jdbcUrl
        + ", username="
        + username
        + ", password="
        + (password.isEmpty() ? "" : "****")
        + ", maximumPoolSize="
        + maximumPoolSize
        + ", connectTimeout="
        + connectTimeout
        + ", socketTimeout="
        + socketTimeout
        + ", statementTimeout="
        + statementTimeout
        + ", idleInTransactionTimeout="
        + idleInTransactionTimeout
        + ", lockTimeout="
        + lockTimeout
        + ", poolAcquireTimeout="
        + poolAcquireTimeout
        + ", migrationUsername="
        + migrationUsername
        + ", migrationPassword="
        + (migrationPassword.isEmpty() ? "" : "****")
        + "]";
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  private static void requireNotNegative(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(
          name + " must not be negative (zero switches it off): " + value);
    }
  }

  private static boolean cutsStatementsShort(Duration socket, Duration statement) {
    return !socket.isZero() && !statement.isZero() && statement.compareTo(socket) >= 0;
  }

  private record Endpoint(String jdbcUrl, String user, String password) {}

  private static Endpoint parseUrl(String url, String defaultDatabaseName) {
    if (url.startsWith(JDBC_PREFIX)) {
      return new Endpoint(url, null, null);
    }
    String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")) : "";
    if (!scheme.equals("postgres") && !scheme.equals("postgresql")) {
      throw ConfigException.invalidSecret(
          URL_VARIABLE,
          URL_EXPECTED + (scheme.isEmpty() ? "" : " (found scheme '" + scheme + "')"));
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      // The message of URISyntaxException quotes the input, which may hold a password.
      throw ConfigException.invalidSecret(
          URL_VARIABLE, URL_EXPECTED + " (error at index " + e.getIndex() + ")");
    }
    if (uri.getHost() == null) {
      String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
      if (authority.substring(authority.lastIndexOf('@') + 1).contains(",")) {
        throw ConfigException.invalidSecret(
            URL_VARIABLE,
            "a URL with one host: for several (a primary and its standbys) use the"
                + " jdbc:postgresql://host1:port1,host2:port2/database?targetServerType=primary"
                + " form");
      }
      throw ConfigException.invalidSecret(URL_VARIABLE, URL_EXPECTED + " that names a host");
    }
    String database = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
    if (database.isEmpty()) {
      database = defaultDatabaseName;
    }
    int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
    String jdbcUrl =
        JDBC_PREFIX
            + "//"
            + uri.getHost()
            + ":"
            + port
            + "/"
            + database
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String user = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    }
    return new Endpoint(jdbcUrl, user, password);
  }

  private static String decode(String part) {
    return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
