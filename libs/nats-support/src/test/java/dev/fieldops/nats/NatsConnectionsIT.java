package dev.fieldops.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fieldops.test.TestNats;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NatsConnectionsIT {

  private static NatsConfig fastConfig(TestNats server) {
    return NatsConfig.forUrl(server.url(), "open-test")
        .withReconnectWait(Duration.ofMillis(50), Duration.ofMillis(250));
  }

  @Test
  void a_connection_opened_while_no_server_answers_connects_once_one_comes() throws Exception {
    try (var server = TestNats.reserve();
        var nats = NatsConnections.open(fastConfig(server))) {
      assertThat(nats.isConnected()).isFalse();
      assertThat(nats.hasConnected()).isFalse();
      assertThatThrownBy(nats::management)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("has not connected yet");

      server.startServer();

      assertThat(nats.awaitConnected(30, TimeUnit.SECONDS)).isTrue();
      assertThat(nats.management().getStreamNames()).isEmpty();
      assertThat(nats.reconnectCount()).as("the first connection is no reconnect").isZero();
    }
  }

  @Test
  void a_connection_still_trying_stops_when_closed() {
    try (var server = TestNats.reserve()) {
      var nats = NatsConnections.open(fastConfig(server));

      assertTimeoutPreemptively(Duration.ofSeconds(10), nats::close);

      assertThat(nats.state()).isEqualTo(ConnectionState.CLOSED);
      server.startServer();
      assertThat(nats.isConnected()).isFalse();
    }
  }
}
