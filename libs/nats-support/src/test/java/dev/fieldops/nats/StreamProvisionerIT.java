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
  void the_operators_update_creates_once_then_only_follows_changes() throws Exception {
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
  void a_service_creates_a_missing_stream_with_its_settings_and_never_changes_an_existing_one()
      throws Exception {
    var provisioner = new StreamProvisioner(nats);
    StreamSpec configured =
        StreamSpec.of("ORDERS", "orders.>")
            .withMaxAge(Duration.ofDays(3))
            .withMaxBytes(512L << 20)
            .withDuplicateWindow(Duration.ofMinutes(5));

    assertThat(provisioner.createOrVerify(configured))
        .isEqualTo(new StreamProvisioner.Check(Outcome.CREATED, StreamDifferences.none()));
    var created = nats.management().getStreamInfo("ORDERS").getConfiguration();
    assertThat(created.getMaxAge()).isEqualTo(Duration.ofDays(3));
    assertThat(created.getMaxBytes()).isEqualTo(512L << 20);
    assertThat(created.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(provisioner.createOrVerify(configured).differences().matches()).isTrue();

    // The next deploy's settings differ from what the operator keeps: reported, not applied.
    StreamProvisioner.Check next =
        provisioner.createOrVerify(
            configured.withMaxAge(Duration.ofDays(30)).withMaxBytes(1L << 30));

    assertThat(next.outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(next.differences().usable()).isTrue();
    assertThat(next.differences().limits())
        .containsExactly(
            "max age PT72H (expected PT720H)", "max bytes 536870912 (expected 1073741824)");
    var after = nats.management().getStreamInfo("ORDERS").getConfiguration();
    assertThat(after.getMaxAge()).isEqualTo(Duration.ofDays(3));
    assertThat(after.getMaxBytes()).isEqualTo(512L << 20);
  }

  @Test
  void a_stream_that_cannot_hold_the_events_is_unusable_and_extra_subjects_only_differ()
      throws Exception {
    nats.management()
        .addStream(
            StreamConfiguration.builder()
                .name("LEDGER")
                .subjects("ledger.entry.>")
                .storageType(StorageType.Memory)
                .build());
    nats.management()
        .addStream(
            StreamConfiguration.builder()
                .name("AUDIT")
                .subjects("audit.>", "legacy.audit.>")
                .storageType(StorageType.File)
                .maxAge(StreamSpec.DEFAULT_MAX_AGE)
                .maxBytes(StreamSpec.DEFAULT_MAX_BYTES)
                .duplicateWindow(StreamSpec.DEFAULT_DUPLICATE_WINDOW)
                .build());
    var provisioner = new StreamProvisioner(nats);

    StreamDifferences ledger = provisioner.compare(StreamSpec.of("LEDGER", "ledger.>"));
    StreamDifferences audit = provisioner.compare(StreamSpec.of("AUDIT", "audit.>"));

    assertThat(ledger.usable()).isFalse();
    assertThat(ledger.unusable())
        .containsExactly(
            "subjects [ledger.entry.>] (expected [ledger.>])", "storage memory (expected file)");
    assertThat(audit.usable()).isTrue();
    assertThat(audit.limits())
        .containsExactly("subjects [audit.>, legacy.audit.>] (expected [audit.>])");
  }

  @Test
  void more_replicas_than_servers_is_refused_naming_the_setting() throws Exception {
    var provisioner = new StreamProvisioner(nats);
    StreamSpec r3 = StreamSpec.of("REPLICATED", "replicated.>").withReplicas(3);

    assertThatThrownBy(() -> provisioner.createOrVerify(r3))
        .isInstanceOf(StreamProvisioner.ReplicasUnavailableException.class)
        .hasMessageContaining("stream REPLICATED cannot have 3 replicas here")
        .hasMessageContaining("EVENTS_STREAM_REPLICAS=3 needs a JetStream cluster of at least 3");
    assertThat(nats.management().getStreamNames()).doesNotContain("REPLICATED");

    provisioner.provision(r3.withReplicas(1));
    assertThatThrownBy(() -> provisioner.provision(r3))
        .isInstanceOf(StreamProvisioner.ReplicasUnavailableException.class)
        .hasMessageContaining("EVENTS_STREAM_REPLICAS=3");
  }

  @Test
  void a_stream_that_cannot_be_changed_in_place_fails_the_update() throws Exception {
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
