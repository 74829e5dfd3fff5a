package dev.fieldops.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fieldops.test.TestNats;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamKeeperIT {

  private static final StreamSpec SPEC = StreamSpec.of("SUPPORT", "support.>");
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private TestNats server;
  private TrackedConnection nats;
  private StreamKeeper keeper;

  @BeforeEach
  void reserveServer() {
    server = TestNats.reserve();
    nats =
        NatsConnections.open(
            NatsConfig.forUrl(server.url(), "keeper-test")
                .withReconnectWait(Duration.ofMillis(50), Duration.ofMillis(250))
                .withRequestTimeout(Duration.ofSeconds(2)));
  }

  @AfterEach
  void stop() {
    if (keeper != null) {
      keeper.close();
    }
    nats.close();
    server.close();
  }

  @Test
  void a_keeper_started_before_the_broker_provisions_the_stream_when_the_broker_comes()
      throws Exception {
    // An hour between periodic looks: only the connection coming up can trigger this one.
    keeper = StreamKeeper.start(nats, SPEC, Duration.ofHours(1));
    assertThat(keeper.awaitReady(Duration.ofMillis(300))).isFalse();
    assertThat(keeper.status().state()).isEqualTo(StreamStatus.State.WAITING);

    server.startServer();

    assertThat(keeper.awaitReady(PATIENCE)).isTrue();
    assertThat(nats.management().getStreamInfo("SUPPORT").getConfiguration().getSubjects())
        .containsExactly("support.>");
  }

  @Test
  void a_connection_that_comes_up_is_looked_at_at_once_not_after_the_pause_between_looks()
      throws Exception {
    // A start's first look finds the connection still connecting; the look the connection asks for
    // when it comes up must not wait out the pause that spaces looks after symptoms (an hour here,
    // 200 ms in a service: every start waited for it).
    keeper =
        StreamKeeper.start(nats, SPEC, Duration.ofHours(1), StreamMode.CREATE, Duration.ofHours(1));
    await().atMost(PATIENCE).until(() -> keeper.status().detail().contains("not connected"));

    server.startServer();

    assertThat(keeper.awaitReady(PATIENCE)).isTrue();
  }

  @Test
  void a_stream_that_disappears_is_re_created_and_its_listeners_told() throws Exception {
    server.startServer();
    keeper = StreamKeeper.start(nats, SPEC, Duration.ofHours(1));
    var created = new AtomicInteger();
    keeper.onCreated(created::incrementAndGet);
    assertThat(keeper.awaitReady(PATIENCE)).isTrue();
    int atStart = created.get();

    nats.management().deleteStream("SUPPORT");
    keeper.requestCheck();

    await().atMost(PATIENCE).until(() -> created.get() == atStart + 1);
    assertThat(nats.management().getStreamNames()).contains("SUPPORT");
    assertThat(keeper.isReady()).isTrue();
  }

  @Test
  void a_running_keeper_never_rewrites_a_stream_an_operator_changed() throws Exception {
    server.startServer();
    keeper = StreamKeeper.start(nats, SPEC, Duration.ofHours(1));
    assertThat(keeper.awaitReady(PATIENCE)).isTrue();
    var changed =
        StreamConfiguration.builder(nats.management().getStreamInfo("SUPPORT").getConfiguration())
            .maxAge(Duration.ofDays(30))
            .build();
    nats.management().updateStream(changed);

    keeper.check();

    assertThat(keeper.isReady()).isTrue();
    assertThat(nats.management().getStreamInfo("SUPPORT").getConfiguration().getMaxAge())
        .isEqualTo(Duration.ofDays(30));
    assertThat(keeper.status().state()).isEqualTo(StreamStatus.State.DRIFTED);
  }

  @Test
  void a_starting_service_never_reverts_a_stream_an_operator_changed_and_reports_it()
      throws Exception {
    server.startServer();
    // The operator moved the stream to a month and 2 GiB; the service's settings still say the
    // defaults (before #17 the first look of every start rewrote the stream back).
    assertThat(nats.awaitConnected(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    new StreamProvisioner(nats)
        .provision(SPEC.withMaxAge(Duration.ofDays(30)).withMaxBytes(2L << 30));

    keeper = StreamKeeper.start(nats, SPEC, Duration.ofHours(1));

    assertThat(keeper.awaitReady(PATIENCE)).isTrue();
    assertThat(keeper.status().state()).isEqualTo(StreamStatus.State.DRIFTED);
    assertThat(keeper.status().needsOperator()).isFalse();
    assertThat(keeper.status().detail())
        .contains("stream SUPPORT differs from the configuration")
        .contains("max age PT720H (expected PT168H)")
        .contains("max bytes 2147483648 (expected 1073741824)")
        .contains("./fieldops stream <context> update");
    var config = nats.management().getStreamInfo("SUPPORT").getConfiguration();
    assertThat(config.getMaxAge()).isEqualTo(Duration.ofDays(30));
    assertThat(config.getMaxBytes()).isEqualTo(2L << 30);

    // The operator brings the stream in line with the settings: the next look says so.
    new StreamProvisioner(nats).provision(SPEC);
    keeper.requestCheck();
    await().atMost(PATIENCE).until(() -> keeper.status().state() == StreamStatus.State.READY);
  }

  @Test
  void a_stream_that_cannot_hold_the_events_needs_the_operator_and_is_left_alone()
      throws Exception {
    server.startServer();
    assertThat(nats.awaitConnected(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    nats.management()
        .addStream(
            StreamConfiguration.builder()
                .name("SUPPORT")
                .subjects("support.>")
                .storageType(io.nats.client.api.StorageType.Memory)
                .build());

    keeper = StreamKeeper.start(nats, SPEC, Duration.ofHours(1));

    await().atMost(PATIENCE).until(() -> keeper.status().state() == StreamStatus.State.DIFFERENT);
    assertThat(keeper.isReady()).isFalse();
    assertThat(keeper.status().needsOperator()).isTrue();
    assertThat(keeper.status().detail())
        .contains("cannot hold this service's events as declared")
        .contains("storage memory (expected file)");
    assertThat(nats.management().getStreamInfo("SUPPORT").getConfiguration().getStorageType())
        .isEqualTo(io.nats.client.api.StorageType.Memory);
  }

  @Test
  void a_stream_with_more_replicas_than_servers_is_missing_with_the_reason() throws Exception {
    server.startServer();

    keeper = StreamKeeper.start(nats, SPEC.withReplicas(3), Duration.ofHours(1));

    await().atMost(PATIENCE).until(() -> keeper.status().state() == StreamStatus.State.MISSING);
    assertThat(keeper.status().needsOperator()).isTrue();
    assertThat(keeper.status().detail())
        .contains("EVENTS_STREAM_REPLICAS=3 needs a JetStream cluster of at least 3 servers");
  }

  @Test
  void a_stream_that_cannot_be_checked_is_reported_with_the_reason() throws Exception {
    server.startServer();
    keeper = StreamKeeper.start(nats, SPEC, Duration.ofHours(1));
    assertThat(keeper.awaitReady(PATIENCE)).isTrue();

    server.kill();

    await().atMost(PATIENCE).until(() -> !keeper.isReady());
    assertThat(keeper.status().state()).isEqualTo(StreamStatus.State.WAITING);
    assertThat(keeper.status().detail()).contains("NATS is not connected");
  }
}
