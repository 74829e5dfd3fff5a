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
