package dev.fieldops.grpc;

import dev.fieldops.config.Environment;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What one caller may take of a server, on top of the per-connection limits of {@link
 * GrpcServerConfig}: a token bucket per principal and {@link CallClass}, a bound on the calls a
 * principal has in flight (over all its connections), a bound on long-lived watch streams per
 * principal and per server, and how long a connection may live (so that clients reconnect and
 * rebalance across instances, and a connection cannot be held forever).
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>Variable</th><th>Default</th></tr>
 *   <tr><td>RATE_LIMIT_READS</td><td>200/s:400 (per principal; watch starts count here)</td></tr>
 *   <tr><td>RATE_LIMIT_WRITES</td><td>100/s:200</td></tr>
 *   <tr><td>RATE_LIMIT_INGEST</td><td>1000/s:2000 (a call is one token, a stream's start too)</td></tr>
 *   <tr><td>GRPC_MAX_CONCURRENT_CALLS_PER_PRINCIPAL</td><td>128</td></tr>
 *   <tr><td>GRPC_MAX_WATCHERS_PER_PRINCIPAL</td><td>16</td></tr>
 *   <tr><td>GRPC_MAX_WATCHERS</td><td>1000</td></tr>
 *   <tr><td>GRPC_MAX_CONNECTION_AGE</td><td>30m (0 = no limit)</td></tr>
 *   <tr><td>GRPC_MAX_CONNECTION_AGE_GRACE</td><td>5m: calls in flight on an aged connection get
 *       this long before they are cancelled (a watch stream is ended and the client watches
 *       again)</td></tr>
 * </table>
 *
 * A principal is the staff subject, the customer id, the device id or the calling context, so
 * several tokens of one customer share its budget.
 */
public record AbuseLimits(
    RateLimit reads,
    RateLimit writes,
    RateLimit ingest,
    int maxConcurrentCallsPerPrincipal,
    int maxWatchersPerPrincipal,
    int maxWatchers,
    Duration maxConnectionAge,
    Duration maxConnectionAgeGrace) {

  /** No per-principal limit and no connection age: for benchmarks that measure the server. */
  public static final AbuseLimits OFF =
      new AbuseLimits(
          RateLimit.OFF,
          RateLimit.OFF,
          RateLimit.OFF,
          Integer.MAX_VALUE,
          Integer.MAX_VALUE,
          Integer.MAX_VALUE,
          Duration.ZERO,
          Duration.ZERO);

  public AbuseLimits {
    Objects.requireNonNull(reads, "reads");
    Objects.requireNonNull(writes, "writes");
    Objects.requireNonNull(ingest, "ingest");
    if (maxConcurrentCallsPerPrincipal < 1 || maxWatchersPerPrincipal < 1 || maxWatchers < 1) {
      throw new IllegalArgumentException("concurrency limits must be at least 1");
    }
    Objects.requireNonNull(maxConnectionAge, "maxConnectionAge");
    Objects.requireNonNull(maxConnectionAgeGrace, "maxConnectionAgeGrace");
    if (maxConnectionAge.isNegative() || maxConnectionAgeGrace.isNegative()) {
      throw new IllegalArgumentException("connection age and grace must not be negative");
    }
  }

  /** The defaults of the table above. */
  public static AbuseLimits defaults() {
    return fromEnvironment(Map.of());
  }

  /**
   * Reads the variables of the table above from {@code env}.
   *
   * @throws IllegalArgumentException naming the variable when a value is invalid
   */
  public static AbuseLimits fromEnvironment(Map<String, String> env) {
    var values = Environment.of(env);
    return new AbuseLimits(
        rate(values, "RATE_LIMIT_READS", RateLimit.perSecond(200, 400)),
        rate(values, "RATE_LIMIT_WRITES", RateLimit.perSecond(100, 200)),
        rate(values, "RATE_LIMIT_INGEST", RateLimit.perSecond(1_000, 2_000)),
        values.integer("GRPC_MAX_CONCURRENT_CALLS_PER_PRINCIPAL", 128, 1, 1_000_000),
        values.integer("GRPC_MAX_WATCHERS_PER_PRINCIPAL", 16, 1, 1_000_000),
        values.integer("GRPC_MAX_WATCHERS", 1_000, 1, 1_000_000),
        values.durationOrOff(
            "GRPC_MAX_CONNECTION_AGE", Duration.ofMinutes(30), Duration.ofDays(365)),
        values.duration(
            "GRPC_MAX_CONNECTION_AGE_GRACE",
            Duration.ofMinutes(5),
            Duration.ZERO,
            Duration.ofDays(1)));
  }

  /** The bucket shape of {@code callClass}. */
  public RateLimit rateOf(CallClass callClass) {
    return switch (callClass) {
      case READS, WATCH -> reads;
      case WRITES -> writes;
      case INGEST -> ingest;
    };
  }

  private static RateLimit rate(Environment values, String name, RateLimit defaultValue) {
    return values.value(name, RateLimit.EXPECTED, RateLimit::parse).orElse(defaultValue);
  }
}
