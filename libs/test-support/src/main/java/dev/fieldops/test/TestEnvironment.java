package dev.fieldops.test;

import dev.fieldops.test.grpc.TestTokens;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything a whole service process needs in a test: a fresh database, a private nats-server and a
 * throwaway signing key, exposed as the environment variables the service reads in production
 * ({@code DATABASE_URL}, {@code NATS_URL}, {@code GRPC_PORT=0}, {@code AUTH_DEV_KEY_DIR}, {@code
 * GRPC_PLAINTEXT=true}, ...). A component test starts the real service with {@link #env()} and
 * calls it over a real socket with tokens from {@link #tokens()}.
 */
public final class TestEnvironment implements AutoCloseable {

  private final TestDatabase database;
  private final TestNats nats;
  private final TestTokens tokens;
  private final Map<String, String> overrides = new HashMap<>();

  private TestEnvironment(TestDatabase database, TestNats nats, TestTokens tokens) {
    this.database = database;
    this.nats = nats;
    this.tokens = tokens;
  }

  /** Creates the database, starts nats-server and makes a signing key. */
  public static TestEnvironment create() {
    TestDatabase database = TestDatabase.create();
    try {
      TestNats nats = TestNats.start();
      return new TestEnvironment(database, nats, TestTokens.create());
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** Sets or replaces one variable of {@link #env()} (for example a short job interval). */
  public TestEnvironment with(String variable, String value) {
    overrides.put(variable, value);
    return this;
  }

  /**
   * Switches the per-principal abuse limits off (rate limits, calls in flight per principal):
   * benchmarks drive a service with one token far beyond what one real caller may do.
   */
  public TestEnvironment withoutAbuseLimits() {
    return with("RATE_LIMIT_READS", "off")
        .with("RATE_LIMIT_WRITES", "off")
        .with("RATE_LIMIT_INGEST", "off")
        .with("GRPC_MAX_CONCURRENT_CALLS_PER_PRINCIPAL", "1000000");
  }

  /** The environment a service under test is started with. */
  public Map<String, String> env() {
    Map<String, String> env = new HashMap<>(serviceEnv(database, nats, tokens));
    env.putAll(overrides);
    return Map.copyOf(env);
  }

  /**
   * The environment of a service process using {@code database}, {@code nats} and {@code tokens}'
   * key, on a free loopback port: for tests that run several services side by side, each with its
   * own database.
   */
  public static Map<String, String> serviceEnv(
      TestDatabase database, TestNats nats, TestTokens tokens) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "DATABASE_URL", database.jdbcUrl(),
                "DATABASE_USER", database.username(),
                "DATABASE_PASSWORD", database.password(),
                "NATS_URL", nats.url(),
                "GRPC_PORT", "0",
                "GRPC_BIND_ADDRESS", "127.0.0.1",
                "AUTH_DEV_KEY_DIR", tokens.keyDir().toString(),
                "GRPC_SHUTDOWN_GRACE", "2s"));
    // Not about transport: plaintext, explicitly, for the server and for support's channel to
    // telemetry (TLS is proved by the tests that use TestCertificates).
    env.put("GRPC_PLAINTEXT", "true");
    env.put("TELEMETRY_PLAINTEXT", "true");
    return Map.copyOf(env);
  }

  public TestDatabase database() {
    return database;
  }

  public TestNats nats() {
    return nats;
  }

  public TestTokens tokens() {
    return tokens;
  }

  @Override
  public void close() {
    try {
      nats.close();
    } finally {
      try {
        tokens.close();
      } finally {
        database.close();
      }
    }
  }
}
