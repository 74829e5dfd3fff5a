package dev.fieldops.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TestNatsIT {

  @Test
  void a_private_server_keeps_its_streams_across_a_restart() throws Exception {
    try (var nats = TestNats.start()) {
      assertThat(nats.port()).isNotEqualTo(4222);
      try (var connection = Nats.connect(nats.url())) {
        connection
            .jetStreamManagement()
            .addStream(
                StreamConfiguration.builder()
                    .name("PROBE")
                    .subjects("probe.>")
                    .storageType(StorageType.File)
                    .build());
        connection.jetStream().publish("probe.one", "hello".getBytes());
      }

      nats.stop();
      var options =
          new Options.Builder()
              .server(nats.url())
              .connectionTimeout(Duration.ofMillis(500))
              .maxReconnects(0)
              .build();
      assertThatThrownBy(() -> Nats.connect(options)).isInstanceOf(Exception.class);

      nats.restart();
      try (var connection = Nats.connect(nats.url())) {
        var info = connection.jetStreamManagement().getStreamInfo("PROBE");
        assertThat(info.getStreamState().getMsgCount()).isEqualTo(1);
      }
    }
  }

  @Test
  void a_killed_server_whose_store_was_deleted_comes_back_empty_on_the_same_port()
      throws Exception {
    try (var nats = TestNats.reserve()) {
      var once =
          new Options.Builder()
              .server(nats.url())
              .connectionTimeout(Duration.ofMillis(500))
              .maxReconnects(0)
              .build();
      assertThatThrownBy(() -> Nats.connect(once))
          .as("reserved, not started")
          .isInstanceOf(Exception.class);

      nats.startServer();
      try (var connection = Nats.connect(nats.url())) {
        connection
            .jetStreamManagement()
            .addStream(
                StreamConfiguration.builder()
                    .name("PROBE")
                    .subjects("probe.>")
                    .storageType(StorageType.File)
                    .build());
      }
      long pid = nats.pid();
      assertThat(ProcessHandle.of(pid)).isPresent();

      nats.kill();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
          .isNotEqualTo(java.util.Optional.of(true));
      nats.deleteStore();
      nats.startServer();

      try (var connection = Nats.connect(nats.url())) {
        assertThat(connection.jetStreamManagement().getStreamNames()).isEmpty();
      }
    }
  }

  @Test
  void a_start_is_done_once_the_server_greets_without_waiting_for_a_second_line() throws Exception {
    // A listener that writes INFO and then nothing, as nats-server does until its first PING to
    // the client: one try must do (a check waiting for a second line times out and fails here).
    try (var listener = new GreetingListener("INFO {\"server_id\":\"fake\"}\r\n")) {
      TestNats.awaitGreeting(listener.port(), 1, () -> {});
      assertThat(listener.accepted()).isEqualTo(1);
    }
  }

  @Test
  void a_start_fails_when_what_listens_on_the_port_is_not_nats() throws Exception {
    try (var listener = new GreetingListener("HTTP/1.1 400 Bad Request\r\n")) {
      assertThatThrownBy(() -> TestNats.awaitGreeting(listener.port(), 3, () -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("did not answer")
          .cause()
          .hasMessageContaining("HTTP/1.1 400");
      assertThat(listener.accepted()).isEqualTo(3);
    }
  }

  /** A loopback listener that writes {@code greeting} to each connection and keeps it open. */
  private static final class GreetingListener implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    GreetingListener(String greeting) throws IOException {
      acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      while (true) {
                        Socket connection = socket.accept();
                        connections.add(connection);
                        connection
                            .getOutputStream()
                            .write(greeting.getBytes(StandardCharsets.US_ASCII));
                      }
                    } catch (IOException closed) {
                      // the listener was closed
                    }
                  });
    }

    int port() {
      return socket.getLocalPort();
    }

    int accepted() {
      return connections.size();
    }

    @Override
    public void close() throws Exception {
      socket.close();
      acceptor.join();
      for (Socket connection : connections) {
        connection.close();
      }
    }
  }
}
