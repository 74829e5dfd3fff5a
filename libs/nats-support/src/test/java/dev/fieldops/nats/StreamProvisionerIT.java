package dev.fieldops.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.nats.StreamProvisioner.Outcome;
import dev.fieldops.test.TestNats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamProvisionerIT {

  private static TestNats server;
  private static TrackedConnection nats;

  @BeforeAll
  static void start() throws Exception {
    server = TestNats.start();
    nats = NatsConnections.connect(NatsConfig.forUrl(server.url(), "provisioner-test"));
  }

  @AfterAll
  static void stop() {
    nats.close();
    server.close();
  }

  @Test
  void provisioning_at_every_start_creates_once_then_only_follows_changes() throws Exception {
    var provisioner = new StreamProvisioner(nats);
    StreamSpec invoicing = StreamSpec.of("INVOICING", "invoicing.>");

    assertThat(provisioner.provision(invoicing)).isEqualTo(Outcome.CREATED);
    assertThat(provisioner.provision(invoicing)).isEqualTo(Outcome.UNCHANGED);
    assertThat(provisioner.provision(invoicing.withMaxAge(Duration.ofDays(30))))
        .isEqualTo(Outcome.UPDATED);

    var config = nats.management().getStreamInfo("INVOICING").getConfiguration();
    assertThat(config.getStorageType()).isEqualTo(StorageType.File);
    assertThat(config.getMaxAge()).isEqualTo(Duration.ofDays(30));
    assertThat(config.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.getSubjects()).containsExactly("invoicing.>");
  }

  @Test
  void a_stream_that_cannot_be_changed_in_place_fails_the_start() throws Exception {
    nats.management()
        .addStream(
            StreamConfiguration.builder()
                .name("TELEMETRY")
                .subjects("telemetry.>")
                .storageType(StorageType.Memory)
                .build());

    assertThatThrownBy(
            () -> new StreamProvisioner(nats).provision(StreamSpec.of("TELEMETRY", "telemetry.>")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TELEMETRY")
        .hasMessageContaining("memory storage");
  }
}
