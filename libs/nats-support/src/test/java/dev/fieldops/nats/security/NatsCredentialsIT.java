package dev.fieldops.nats.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.StreamProvisioner;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.test.OperatorModeNats;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code NATS_CREDS_FILE} against a nats-server in operator (JWT) mode: a service whose identity is
 * a {@code .creds} file (user JWT + NKey seed, as {@code nsc} writes it) connects through the
 * platform's connection code, uses JetStream and core NATS within the permissions its JWT carries,
 * and is refused what they do not allow; a user of an account the server does not trust, or no
 * credentials at all, cannot connect.
 */
class NatsCredentialsIT {

  private static OperatorModeNats nats;

  @BeforeAll
  static void start() {
    nats = OperatorModeNats.start();
  }

  @AfterAll
  static void stop() {
    if (nats != null) {
      nats.close();
    }
  }

  @Test
  void a_service_with_its_creds_file_publishes_and_subscribes_within_its_permissions()
      throws Exception {
    Path creds =
        nats.credsFile(
            "telemetry",
            List.of("telemetry.>", "$JS.API.>"),
            List.of("telemetry.>", "_INBOX_telemetry.>"));
    NatsConfig config =
        NatsConfig.fromEnvironment(
            Map.of(
                "NATS_URL", nats.url(),
                "NATS_CREDS_FILE", creds.toString(),
                "NATS_INBOX_PREFIX", "_INBOX_telemetry"),
            "telemetry");

    try (TrackedConnection telemetry = NatsConnections.open(config)) {
      assertThat(telemetry.awaitConnected(10, TimeUnit.SECONDS))
          .as("connected with %s, last error %s", config, telemetry.lastError())
          .isTrue();

      // JetStream, as the services use it: the stream is created and an event acknowledged.
      assertThat(
              new StreamProvisioner(telemetry).provision(StreamSpec.of("TELEMETRY", "telemetry.>")))
          .isEqualTo(StreamProvisioner.Outcome.CREATED);
      var ack = telemetry.jetStream().publish("telemetry.device.registered", new byte[] {1});
      assertThat(ack.getStream()).isEqualTo("TELEMETRY");
      assertThat(ack.getSeqno()).isEqualTo(1);

      // Core NATS: a subscription within the permissions receives what is published.
      Subscription subscription = telemetry.connection().subscribe("telemetry.alert.>");
      telemetry.connection().publish("telemetry.alert.raised", new byte[] {2});
      Message received = subscription.nextMessage(Duration.ofSeconds(5));
      assertThat(received).isNotNull();
      assertThat(received.getSubject()).isEqualTo("telemetry.alert.raised");

      // Outside them: the server refuses the publish and says so to the connection.
      telemetry.connection().publish("support.ticket.opened", new byte[] {3});
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(telemetry.lastError())
                      .hasValueSatisfying(
                          error ->
                              assertThat(error)
                                  .containsIgnoringCase(
                                      "Permissions Violation for Publish to \"support.ticket.opened\"")));
      assertThat(telemetry.isConnected()).isTrue();
    }
  }

  @Test
  void a_creds_file_of_a_user_of_another_account_is_refused() {
    Map<String, String> env =
        Map.of(
            "NATS_URL",
            nats.url(),
            "NATS_CREDS_FILE",
            nats.credsFileOfAnotherAccount("intruder").toString());

    assertThatThrownBy(() -> connect(env)).hasStackTraceContaining("Authorization Violation");
  }

  @Test
  void a_client_without_credentials_is_refused() {
    assertThatThrownBy(() -> connect(Map.of("NATS_URL", nats.url())))
        .hasStackTraceContaining("Authorization Violation");
  }

  /**
   * A refused connect fails only when its connect timeout ends (the client waits for the answer to
   * its PING after the server's -ERR): 2 s here instead of the default 5.
   */
  private static TrackedConnection connect(Map<String, String> env) throws Exception {
    return NatsConnections.connect(
        NatsConfig.fromEnvironment(env, "telemetry")
            .withConnectTimeout(Duration.ofSeconds(2))
            .withRequestTimeout(Duration.ofSeconds(2)));
  }
}
