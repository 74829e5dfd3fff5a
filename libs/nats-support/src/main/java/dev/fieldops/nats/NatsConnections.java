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
 */
public final class NatsConnections {

  private NatsConnections() {}

  /**
   * Connects to the first reachable server of {@code config.url()}.
   *
   * @throws IOException when no server answers within the connect timeout: a service should not
   *     start without its broker reachable once (streams are provisioned at start)
   */
  public static TrackedConnection connect(NatsConfig config)
      throws IOException, InterruptedException {
    var tracked = new TrackedConnection(config.connectionName(), Clock.systemUTC());
    Options options =
        new Options.Builder()
            .servers(java.util.Arrays.stream(config.url().split(",")).map(String::trim)
                .toArray(String[]::new))
            .connectionName(config.connectionName())
            .connectionTimeout(config.connectTimeout())
            .maxReconnects(-1)
            .reconnectWait(config.reconnectWait())
            .reconnectJitter(Duration.ZERO)
            .reconnectDelayHandler(backoff(config.reconnectWait(), config.maxReconnectWait()))
            .reconnectBufferSize(0)
            .pingInterval(config.pingInterval())
            .connectionListener(tracked.connectionListener())
            .errorListener(tracked.errorListener())
            .build();
    Connection connection;
    try {
      connection = Nats.connect(options);
    } catch (IOException e) {
      throw new IOException(
          "cannot connect to NATS at " + NatsConfig.redact(config.url())
              + " (set " + NatsConfig.URL_VARIABLE + ")", e);
    }
    JetStreamOptions jso =
        JetStreamOptions.builder().requestTimeout(config.requestTimeout()).build();
    tracked.attach(connection, connection.jetStream(jso), connection.jetStreamManagement(jso));
    return tracked;
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
