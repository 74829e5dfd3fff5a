package dev.fieldops.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
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
}
