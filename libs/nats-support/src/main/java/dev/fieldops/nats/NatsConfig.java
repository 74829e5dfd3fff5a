package dev.fieldops.nats;

import dev.fieldops.config.ConfigException;
import dev.fieldops.config.Environment;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a service reaches NATS.
 *
 * @param url one or more comma-separated server URLs ({@code nats://host:4222})
 * @param connectionName shown by the server's monitoring ({@code connz}), usually the service name
 * @param connectTimeout establishing one connection
 * @param reconnectWait first pause between reconnect rounds; it doubles up to {@code
 *     maxReconnectWait} (with jitter) while the server stays away
 * @param maxReconnectWait ceiling of the reconnect backoff
 * @param pingInterval how often the client checks that the server still answers; two missed pongs
 *     count as a lost connection
 * @param requestTimeout JetStream API calls and publish acknowledgements
 */
public record NatsConfig(
    String url,
    String connectionName,
    Duration connectTimeout,
    Duration reconnectWait,
    Duration maxReconnectWait,
    Duration pingInterval,
    Duration requestTimeout) {

  public static final String URL_VARIABLE = "NATS_URL";
  public static final String DEFAULT_URL = "nats://127.0.0.1:4222";

  public NatsConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(connectionName, "connectionName");
    if (url.isBlank()) {
      throw new IllegalArgumentException("url must not be blank");
    }
    if (connectionName.isBlank()) {
      throw new IllegalArgumentException("connectionName must not be blank");
    }
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("reconnectWait", reconnectWait);
    requirePositive("maxReconnectWait", maxReconnectWait);
    requirePositive("pingInterval", pingInterval);
    requirePositive("requestTimeout", requestTimeout);
    if (maxReconnectWait.compareTo(reconnectWait) < 0) {
      throw new IllegalArgumentException("maxReconnectWait must not be shorter than reconnectWait");
    }
  }

  /**
   * The platform defaults for {@code url}: connect 5 s, reconnect backoff 250 ms doubling to 5 s,
   * ping every 10 s, requests 5 s.
   */
  public static NatsConfig forUrl(String url, String connectionName) {
    return new NatsConfig(
        url,
        connectionName,
        Duration.ofSeconds(5),
        Duration.ofMillis(250),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(5));
  }

  /**
   * Reads {@code NATS_URL} (default {@value #DEFAULT_URL}); everything else takes the defaults of
   * {@link #forUrl}.
   *
   * @throws IllegalArgumentException naming {@code NATS_URL} when it is not a NATS URL
   */
  public static NatsConfig fromEnvironment(Map<String, String> env, String connectionName) {
    String url = Environment.of(env).string(URL_VARIABLE, DEFAULT_URL);
    for (String server : url.split(",")) {
      String s = server.trim();
      if (!(s.startsWith("nats://")
          || s.startsWith("tls://")
          || s.startsWith("ws://")
          || s.startsWith("wss://"))) {
        throw ConfigException.invalid(
            URL_VARIABLE,
            redact(s),
            "a comma-separated list of nats://, tls://, ws:// or wss:// URLs");
      }
    }
    return forUrl(url, connectionName);
  }

  public NatsConfig withReconnectWait(Duration first, Duration max) {
    return new NatsConfig(
        url, connectionName, connectTimeout, first, max, pingInterval, requestTimeout);
  }

  public NatsConfig withRequestTimeout(Duration timeout) {
    return new NatsConfig(
        url,
        connectionName,
        connectTimeout,
        reconnectWait,
        maxReconnectWait,
        pingInterval,
        timeout);
  }

  public NatsConfig withPingInterval(Duration interval) {
    return new NatsConfig(
        url,
        connectionName,
        connectTimeout,
        reconnectWait,
        maxReconnectWait,
        interval,
        requestTimeout);
  }

  /** Keeps credentials embedded in the URL out of logs. */
  @Override
  public String toString() {
    return "NatsConfig[url="
        + redact(url)
        + ", connectionName="
        + connectionName
        + ", connectTimeout="
        + connectTimeout
        + ", reconnectWait="
        + reconnectWait
        + ", maxReconnectWait="
        + maxReconnectWait
        + ", pingInterval="
        + pingInterval
        + ", requestTimeout="
        + requestTimeout
        + "]";
  }

  static String redact(String url) {
    return url.replaceAll("://[^@/,]*@", "://****@");
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
