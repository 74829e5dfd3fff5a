package dev.fieldops.grpc;

import dev.fieldops.config.Environment;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a service's gRPC server listens and what it tolerates from clients. Every limit is explicit
 * so that one misbehaving client cannot take a server down.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>Variable</th><th>Default</th></tr>
 *   <tr><td>GRPC_PORT</td><td>the service's port (0 = ephemeral)</td></tr>
 *   <tr><td>GRPC_BIND_ADDRESS</td><td>0.0.0.0</td></tr>
 *   <tr><td>GRPC_MAX_INBOUND_MESSAGE_BYTES</td><td>4MiB</td></tr>
 *   <tr><td>GRPC_MAX_METADATA_BYTES</td><td>8KiB (larger: RESOURCE_EXHAUSTED; see {@link
 *       #transportMetadataBytes()})</td></tr>
 *   <tr><td>GRPC_MAX_CONCURRENT_CALLS_PER_CONNECTION</td><td>256</td></tr>
 *   <tr><td>GRPC_MAX_RST_FRAMES_PER_WINDOW</td><td>200 (HTTP/2 rapid-reset guard)</td></tr>
 *   <tr><td>GRPC_RST_FRAMES_WINDOW</td><td>10s</td></tr>
 *   <tr><td>GRPC_DEFAULT_DEADLINE</td><td>10s (applied when a client sends none)</td></tr>
 *   <tr><td>GRPC_SHUTDOWN_GRACE</td><td>20s (in-flight calls drain at most this long)</td></tr>
 *   <tr><td>GRPC_HANDSHAKE_TIMEOUT</td><td>10s</td></tr>
 *   <tr><td>GRPC_PERMIT_KEEPALIVE_TIME</td><td>20s (clients pinging more often are dropped)</td></tr>
 *   <tr><td>GRPC_KEEPALIVE_TIME</td><td>60s (server pings an idle transport)</td></tr>
 *   <tr><td>GRPC_KEEPALIVE_TIMEOUT</td><td>20s</td></tr>
 *   <tr><td>GRPC_MAX_CONNECTION_IDLE</td><td>15m</td></tr>
 *   <tr><td>GRPC_REFLECTION</td><td>true</td></tr>
 *   <tr><td>GRPC_TLS_CERT_FILE, GRPC_TLS_KEY_FILE, GRPC_TLS_CLIENT_CA_FILE,
 *       GRPC_TLS_RELOAD_INTERVAL, GRPC_PLAINTEXT</td><td>see {@link ServerTransport}: TLS or
 *       explicit plaintext, one of them required by a network server</td></tr>
 * </table>
 */
public record GrpcServerConfig(
    int port,
    String bindAddress,
    int maxInboundMessageBytes,
    int maxMetadataBytes,
    int maxConcurrentCallsPerConnection,
    int maxRstFramesPerWindow,
    Duration rstFramesWindow,
    Duration defaultDeadline,
    Duration shutdownGrace,
    Duration handshakeTimeout,
    Duration permitKeepAliveTime,
    Duration keepAliveTime,
    Duration keepAliveTimeout,
    Duration maxConnectionIdle,
    boolean reflectionEnabled,
    ServerTransport transport) {

  public GrpcServerConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
    }
    Objects.requireNonNull(bindAddress, "bindAddress");
    requirePositive("maxInboundMessageBytes", maxInboundMessageBytes);
    requirePositive("maxMetadataBytes", maxMetadataBytes);
    requirePositive("maxConcurrentCallsPerConnection", maxConcurrentCallsPerConnection);
    requirePositive("maxRstFramesPerWindow", maxRstFramesPerWindow);
    requirePositive("rstFramesWindow", rstFramesWindow);
    requirePositive("defaultDeadline", defaultDeadline);
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    requirePositive("handshakeTimeout", handshakeTimeout);
    requirePositive("permitKeepAliveTime", permitKeepAliveTime);
    requirePositive("keepAliveTime", keepAliveTime);
    requirePositive("keepAliveTimeout", keepAliveTimeout);
    requirePositive("maxConnectionIdle", maxConnectionIdle);
    Objects.requireNonNull(transport, "transport");
    if (rstFramesWindow.toSeconds() < 1) {
      throw new IllegalArgumentException("rstFramesWindow must be at least one second");
    }
  }

  /**
   * The header list size the HTTP/2 transport accepts: {@value #TRANSPORT_METADATA_FACTOR} × {@link
   * #maxMetadataBytes()}. Metadata up to this size reaches the interceptors, which refuse what
   * exceeds {@code maxMetadataBytes} with {@code RESOURCE_EXHAUSTED} and an {@code ErrorInfo}; what
   * exceeds this size is refused by HTTP/2 itself (HTTP status 431 and a stream reset, or the
   * connection closed when the header block is larger still), which no gRPC status can describe.
   */
  public int transportMetadataBytes() {
    return Math.toIntExact(TRANSPORT_METADATA_FACTOR * (long) maxMetadataBytes);
  }

  /** How many times the configured metadata limit the transport accepts. */
  public static final int TRANSPORT_METADATA_FACTOR = 4;

  /**
   * The defaults of the table above, listening on {@code port}; no transport security chosen (a
   * network server needs {@link #withTransport}).
   */
  public static GrpcServerConfig defaults(int port) {
    return fromEnvironment(Map.of(), port);
  }

  /** Reads the process environment. */
  public static GrpcServerConfig fromEnvironment(int defaultPort) {
    return fromEnvironment(System.getenv(), defaultPort);
  }

  /**
   * Reads the variables of the table above from {@code env}.
   *
   * @throws IllegalArgumentException naming the variable when a value is invalid
   */
  public static GrpcServerConfig fromEnvironment(Map<String, String> env, int defaultPort) {
    var values = Environment.of(env);
    Duration maxTimeout = Duration.ofDays(1);
    return new GrpcServerConfig(
        values.integer("GRPC_PORT", defaultPort, 0, 65_535),
        values.string("GRPC_BIND_ADDRESS", "0.0.0.0"),
        values.bytes("GRPC_MAX_INBOUND_MESSAGE_BYTES", 4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
        values.bytes("GRPC_MAX_METADATA_BYTES", 8 * 1024, 1024, 1024 * 1024),
        values.integer("GRPC_MAX_CONCURRENT_CALLS_PER_CONNECTION", 256, 1, 100_000),
        values.integer("GRPC_MAX_RST_FRAMES_PER_WINDOW", 200, 1, 1_000_000),
        values.duration(
            "GRPC_RST_FRAMES_WINDOW",
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            Duration.ofHours(1)),
        values.duration(
            "GRPC_DEFAULT_DEADLINE", Duration.ofSeconds(10), Duration.ofMillis(1), maxTimeout),
        values.duration(
            "GRPC_SHUTDOWN_GRACE", Duration.ofSeconds(20), Duration.ZERO, Duration.ofHours(1)),
        values.duration(
            "GRPC_HANDSHAKE_TIMEOUT",
            Duration.ofSeconds(10),
            Duration.ofMillis(1),
            Duration.ofMinutes(10)),
        values.duration(
            "GRPC_PERMIT_KEEPALIVE_TIME", Duration.ofSeconds(20), Duration.ofMillis(1), maxTimeout),
        values.duration(
            "GRPC_KEEPALIVE_TIME", Duration.ofSeconds(60), Duration.ofMillis(1), maxTimeout),
        values.duration(
            "GRPC_KEEPALIVE_TIMEOUT", Duration.ofSeconds(20), Duration.ofMillis(1), maxTimeout),
        values.duration(
            "GRPC_MAX_CONNECTION_IDLE",
            Duration.ofMinutes(15),
            Duration.ofMillis(1),
            Duration.ofDays(365)),
        values.bool("GRPC_REFLECTION", true),
        ServerTransport.fromEnvironment(env));
  }

  /** The same limits with another transport security (TLS files, or explicit plaintext). */
  public GrpcServerConfig withTransport(ServerTransport newTransport) {
    return new GrpcServerConfig(
        port,
        bindAddress,
        maxInboundMessageBytes,
        maxMetadataBytes,
        maxConcurrentCallsPerConnection,
        maxRstFramesPerWindow,
        rstFramesWindow,
        defaultDeadline,
        shutdownGrace,
        handshakeTimeout,
        permitKeepAliveTime,
        keepAliveTime,
        keepAliveTimeout,
        maxConnectionIdle,
        reflectionEnabled,
        newTransport);
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
