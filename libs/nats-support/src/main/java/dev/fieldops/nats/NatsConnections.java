package dev.fieldops.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opens the one NATS connection a service process uses. It reconnects forever with a doubling,
 * jittered pause, so an outage of any length ends by itself; it buffers nothing while disconnected
 * (the transactional outbox is the buffer, and replaying a client-side buffer after a reconnect
 * could reorder an aggregate's events).
 *
 * <p>A service opens it with {@link #open}: the first connection is made in the background too, so
 * that a restart, a deploy or a scale-out during a broker outage does not become an API outage.
 * Tools that have nothing to do without the broker use {@link #connect}, which fails at once.
 */
public final class NatsConnections {

  private NatsConnections() {}

  /**
   * Connects to the first reachable server of {@code config.url()}.
   *
   * @throws IOException when no server answers within the connect timeout
   */
  public static TrackedConnection connect(NatsConfig config)
      throws IOException, InterruptedException {
    var tracked = tracked(config, EventTracing.none());
    Connection connection;
    try {
      connection = Nats.connect(options(config, tracked));
    } catch (IOException e) {
      throw new IOException(
          "cannot connect to NATS at "
              + NatsConfig.redact(config.url())
              + " (set "
              + NatsConfig.URL_VARIABLE
              + ")",
          e);
    }
    tracked.attach(connection);
    tracked.markConnectedIfSo();
    return tracked;
  }

  /**
   * Returns at once with a connection that connects in the background, trying with the reconnect
   * backoff until a server answers (or the connection is closed). Its state is {@link
   * ConnectionState#RECONNECTING} until then; {@link TrackedConnection#awaitConnected} waits for
   * it.
   */
  public static TrackedConnection open(NatsConfig config) {
    return open(config, EventTracing.none());
  }

  /**
   * Like {@link #open(NatsConfig)}; the events published and consumed through the connection get
   * spans in {@code tracing}.
   */
  public static TrackedConnection open(NatsConfig config, EventTracing tracing) {
    var tracked = tracked(config, java.util.Objects.requireNonNull(tracing, "tracing"));
    try {
      Nats.connectAsynchronously(options(config, tracked), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while opening the NATS connection", e);
    }
    return tracked;
  }

  private static TrackedConnection tracked(NatsConfig config, EventTracing tracing) {
    return new TrackedConnection(
        config.connectionName(),
        Clock.systemUTC(),
        JetStreamOptions.builder().requestTimeout(config.requestTimeout()).build(),
        tracing);
  }

  /**
   * The client options {@code config} describes: servers, identity, TLS, timeouts and the reconnect
   * policy of a service connection.
   *
   * @throws IllegalArgumentException when the TLS files cannot be read or used
   */
  public static Options.Builder clientOptions(NatsConfig config) {
    var builder =
        new Options.Builder()
            .servers(
                java.util.Arrays.stream(config.url().split(","))
                    .map(String::trim)
                    .toArray(String[]::new))
            .connectionName(config.connectionName())
            .connectionTimeout(config.connectTimeout())
            .inboxPrefix(config.inboxPrefix());
    config.credentials().applyTo(builder);
    config
        .tls()
        .ifPresent(
            tls -> {
              try {
                builder.sslContext(tls.sslContext());
              } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                throw new IllegalArgumentException(
                    "cannot use the NATS TLS files ("
                        + NatsConfig.TLS_CA_FILE_VARIABLE
                        + ", "
                        + NatsConfig.TLS_CERT_FILE_VARIABLE
                        + ", "
                        + NatsConfig.TLS_KEY_FILE_VARIABLE
                        + "): "
                        + e.getMessage(),
                    e);
              }
            });
    return builder;
  }

  private static Options options(NatsConfig config, TrackedConnection tracked) {
    return clientOptions(config)
        .maxReconnects(-1)
        .reconnectWait(config.reconnectWait())
        .reconnectJitter(Duration.ZERO)
        .reconnectDelayHandler(backoff(config.reconnectWait(), config.maxReconnectWait()))
        .reconnectBufferSize(0)
        .pingInterval(config.pingInterval())
        .connectionListener(tracked.connectionListener())
        .errorListener(tracked.errorListener())
        .build();
  }

  /** Doubling pause from {@code first} to {@code max}, with up to 20 % jitter against herds. */
  static io.nats.client.ReconnectDelayHandler backoff(Duration first, Duration max) {
    return attempt -> {
      int shift = (int) Math.min(Math.max(attempt - 1, 0), 20);
      long millis = Math.min(max.toMillis(), first.toMillis() << shift);
      long jitter = millis / 5 == 0 ? 0 : ThreadLocalRandom.current().nextLong(millis / 5);
      return Duration.ofMillis(millis - jitter);
    };
  }
}
