package dev.fieldops.nats.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.StreamKeeper;
import dev.fieldops.nats.StreamMode;
import dev.fieldops.nats.StreamProvisioner;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.nats.StreamStatus.State;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.test.SecuredTestNats;
import dev.fieldops.test.SecuredTestNats.Identity;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service whose NATS identity may not administer streams (the shipped permissions) keeps its
 * stream only by looking at it: missing or different is reported with the reason, and it turns
 * ready once the operator has created or fixed the stream.
 */
class StreamsAsInfrastructureIT {

  private static final StreamSpec TELEMETRY = StreamSpec.of("TELEMETRY", "telemetry.>");
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Duration LOOK_EVERY = Duration.ofMillis(200);

  private SecuredTestNats server;
  private TrackedConnection service;
  private TrackedConnection operator;
  private StreamKeeper keeper;

  @BeforeEach
  void start() throws Exception {
    server = SecuredTestNats.start();
    service = connect(Identity.TELEMETRY);
    operator = connect(Identity.OPERATOR);
  }

  @AfterEach
  void stop() {
    if (keeper != null) {
      keeper.close();
    }
    service.close();
    operator.close();
    server.close();
  }

  @Test
  void a_verifying_service_reports_its_missing_stream_until_the_operator_creates_it()
      throws Exception {
    keeper = StreamKeeper.start(service, TELEMETRY, LOOK_EVERY, StreamMode.VERIFY);

    await().atMost(PATIENCE).until(() -> keeper.status().state() == State.MISSING);
    assertThat(keeper.status().needsOperator()).isTrue();
    assertThat(keeper.status().detail())
        .contains("stream TELEMETRY does not exist")
        .contains("EVENTS_STREAM_MODE=verify");

    new StreamProvisioner(operator).provision(TELEMETRY);

    assertThat(keeper.awaitReady(PATIENCE)).isTrue();
    assertThat(keeper.status().detail()).isEqualTo("verified");
  }

  @Test
  void a_verifying_service_reports_a_stream_that_differs_and_never_changes_it() throws Exception {
    new StreamProvisioner(operator).provision(StreamSpec.of("TELEMETRY", "telemetry.device.>"));

    keeper = StreamKeeper.start(service, TELEMETRY, LOOK_EVERY, StreamMode.VERIFY);

    await().atMost(PATIENCE).until(() -> keeper.status().state() == State.DIFFERENT);
    assertThat(keeper.status().detail())
        .contains("subjects [telemetry.device.>] (expected [telemetry.>])");
    assertThat(operator.management().getStreamInfo("TELEMETRY").getConfiguration().getSubjects())
        .containsExactly("telemetry.device.>");

    new StreamProvisioner(operator).provision(TELEMETRY);

    assertThat(keeper.awaitReady(PATIENCE)).isTrue();
  }

  @Test
  void a_creating_service_without_the_right_reports_the_refusal_and_keeps_looking()
      throws Exception {
    keeper = StreamKeeper.start(service, TELEMETRY, LOOK_EVERY, StreamMode.CREATE);

    await().atMost(PATIENCE).until(() -> keeper.status().state() == State.MISSING);
    assertThat(keeper.status().detail())
        .contains("this NATS identity may not")
        .contains("$JS.API.STREAM.CREATE.TELEMETRY");
    assertThat(operator.management().getStreamNames()).doesNotContain("TELEMETRY");

    new StreamProvisioner(operator).provision(TELEMETRY);

    assertThat(keeper.awaitReady(PATIENCE)).isTrue();
  }

  private TrackedConnection connect(Identity identity) throws Exception {
    return NatsConnections.connect(
        NatsConfig.fromEnvironment(server.clientEnvironment(identity), identity.name())
            .withRequestTimeout(Duration.ofSeconds(1)));
  }
}
