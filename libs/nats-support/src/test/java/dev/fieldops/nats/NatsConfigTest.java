package dev.fieldops.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NatsConfigTest {

  @TempDir Path dir;

  @Test
  void without_credentials_settings_the_client_has_none_and_speaks_plaintext() {
    var config = NatsConfig.fromEnvironment(Map.of(), "support");
    assertThat(config.credentials()).isInstanceOf(NatsCredentials.None.class);
    assertThat(config.tls()).isEmpty();
  }

  @Test
  void the_connect_timeout_can_be_changed_and_nothing_else_with_it() {
    var config = NatsConfig.fromEnvironment(Map.of(), "support");
    var shorter = config.withConnectTimeout(Duration.ofSeconds(2));
    assertThat(shorter.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(shorter.withConnectTimeout(config.connectTimeout())).isEqualTo(config);
    assertThatThrownBy(() -> config.withConnectTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connectTimeout");
  }

  @Test
  void each_with_method_changes_its_own_settings_and_nothing_else() {
    var base = NatsConfig.fromEnvironment(Map.of(), "support");
    var seven = Duration.ofSeconds(7);
    var creds = new NatsCredentials.CredsFile(dir.resolve("support.creds"));

    // Changed, then set back: equal to the start only if nothing else changed.
    assertThat(base.withRequestTimeout(seven).requestTimeout()).isEqualTo(seven);
    assertThat(base.withRequestTimeout(seven).withRequestTimeout(base.requestTimeout()))
        .isEqualTo(base);
    assertThat(base.withPingInterval(seven).pingInterval()).isEqualTo(seven);
    assertThat(base.withPingInterval(seven).withPingInterval(base.pingInterval())).isEqualTo(base);
    var reconnect = base.withReconnectWait(Duration.ofSeconds(1), seven);
    assertThat(reconnect.reconnectWait()).isEqualTo(Duration.ofSeconds(1));
    assertThat(reconnect.maxReconnectWait()).isEqualTo(seven);
    assertThat(reconnect.withReconnectWait(base.reconnectWait(), base.maxReconnectWait()))
        .isEqualTo(base);
    assertThat(base.withCredentials(creds).credentials()).isEqualTo(creds);
    assertThat(base.withCredentials(creds).withCredentials(base.credentials())).isEqualTo(base);
    assertThat(base.withInboxPrefix("_INBOX_support").inboxPrefix()).isEqualTo("_INBOX_support");
    assertThat(base.withInboxPrefix("_INBOX_support").withInboxPrefix(base.inboxPrefix()))
        .isEqualTo(base);
    // Each change is checked as a new configuration is.
    assertThatThrownBy(() -> base.withReconnectWait(seven, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> base.withInboxPrefix("_INBOX.>"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void each_identity_can_have_inboxes_of_its_own() {
    assertThat(NatsConfig.fromEnvironment(Map.of(), "support").inboxPrefix()).isEqualTo("_INBOX");
    assertThat(
            NatsConfig.fromEnvironment(Map.of("NATS_INBOX_PREFIX", "_INBOX_support"), "support")
                .inboxPrefix())
        .isEqualTo("_INBOX_support");
    assertThatThrownBy(
            () -> NatsConfig.fromEnvironment(Map.of("NATS_INBOX_PREFIX", "_INBOX.>"), "support"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NATS_INBOX_PREFIX");
  }

  @Test
  void an_nkey_seed_file_is_the_identity() throws Exception {
    Path seed =
        Files.writeString(
            dir.resolve("support.nk"),
            "SUAIBDPBAUTWCWBKIO6XHQNINK5FWJW4OHLXC3HQ2KFE4PEJUA44CNHTC4");
    var config =
        NatsConfig.fromEnvironment(Map.of("NATS_NKEY_SEED_FILE", seed.toString()), "support");
    assertThat(config.credentials()).isEqualTo(new NatsCredentials.SeedFile(seed));
    assertThat(config.toString()).contains("NKey seed file").doesNotContain("SUAIB");
  }

  @Test
  void a_credentials_file_is_the_identity() throws Exception {
    Path creds = Files.writeString(dir.resolve("support.creds"), "jwt and seed");
    var config = NatsConfig.fromEnvironment(Map.of("NATS_CREDS_FILE", creds.toString()), "support");
    assertThat(config.credentials()).isEqualTo(new NatsCredentials.CredsFile(creds));
  }

  @Test
  void user_and_password_are_the_development_fallback_and_the_password_stays_out_of_logs() {
    var config =
        NatsConfig.fromEnvironment(
            Map.of("NATS_USER", "support", "NATS_PASSWORD", " s3cret "), "support");
    assertThat(config.credentials())
        .isEqualTo(new NatsCredentials.UserPassword("support", " s3cret "));
    assertThat(config.toString()).doesNotContain("s3cret");
  }

  @Test
  void a_user_without_a_password_fails_naming_the_missing_variable() {
    assertThatThrownBy(() -> NatsConfig.fromEnvironment(Map.of("NATS_USER", "support"), "support"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NATS_PASSWORD");
  }

  @Test
  void two_ways_to_authenticate_are_refused() throws Exception {
    Path seed = Files.writeString(dir.resolve("s.nk"), "seed");
    Path creds = Files.writeString(dir.resolve("s.creds"), "creds");
    assertThatThrownBy(
            () ->
                NatsConfig.fromEnvironment(
                    Map.of(
                        "NATS_NKEY_SEED_FILE", seed.toString(),
                        "NATS_CREDS_FILE", creds.toString()),
                    "support"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NATS_CREDS_FILE")
        .hasMessageContaining("NATS_NKEY_SEED_FILE");
    assertThatThrownBy(
            () ->
                NatsConfig.fromEnvironment(
                    Map.of(
                        "NATS_URL",
                        "nats://svc:s3cret@nats:4222",
                        "NATS_NKEY_SEED_FILE",
                        seed.toString()),
                    "support"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NATS_URL")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void a_missing_seed_or_ca_file_fails_at_start_naming_the_variable() {
    String missing = dir.resolve("nope").toString();
    assertThatThrownBy(
            () -> NatsConfig.fromEnvironment(Map.of("NATS_NKEY_SEED_FILE", missing), "support"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NATS_NKEY_SEED_FILE")
        .hasMessageContaining("a readable file");
    assertThatThrownBy(
            () -> NatsConfig.fromEnvironment(Map.of("NATS_TLS_CA_FILE", missing), "support"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NATS_TLS_CA_FILE");
  }

  @Test
  void tls_takes_a_ca_file_and_optionally_a_client_certificate_with_its_key() throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "ca");
    Path cert = Files.writeString(dir.resolve("client.pem"), "cert");
    Path key = Files.writeString(dir.resolve("client-key.pem"), "key");

    assertThat(
            NatsConfig.fromEnvironment(Map.of("NATS_TLS_CA_FILE", ca.toString()), "support").tls())
        .contains(NatsTls.trusting(ca));
    assertThat(
            NatsConfig.fromEnvironment(
                    Map.of(
                        "NATS_TLS_CA_FILE", ca.toString(),
                        "NATS_TLS_CERT_FILE", cert.toString(),
                        "NATS_TLS_KEY_FILE", key.toString()),
                    "support")
                .tls())
        .contains(NatsTls.trusting(ca).withClientCertificate(cert, key));
    assertThatThrownBy(
            () ->
                NatsConfig.fromEnvironment(
                    Map.of(
                        "NATS_TLS_CA_FILE", ca.toString(), "NATS_TLS_CERT_FILE", cert.toString()),
                    "support"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NATS_TLS_KEY_FILE");
  }

  @Test
  void without_nats_url_the_local_server_is_used() {
    assertThat(NatsConfig.fromEnvironment(Map.of(), "support").url())
        .isEqualTo("nats://127.0.0.1:4222");
  }

  @Test
  void a_cluster_is_given_as_a_comma_separated_list() {
    var config =
        NatsConfig.fromEnvironment(Map.of("NATS_URL", "nats://a:4222,nats://b:4222"), "support");
    assertThat(config.url()).isEqualTo("nats://a:4222,nats://b:4222");
  }

  @Test
  void an_unusable_nats_url_fails_naming_the_variable_without_echoing_credentials() {
    assertThatThrownBy(
            () ->
                NatsConfig.fromEnvironment(
                    Map.of("NATS_URL", "http://user:secret@host:4222"), "support"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NATS_URL")
        .hasMessageNotContaining("secret");
  }

  @Test
  void credentials_in_the_url_stay_out_of_logs() {
    var config = NatsConfig.forUrl("nats://svc:s3cret@nats:4222", "support");
    assertThat(config.toString()).doesNotContain("s3cret").contains("nats://****@nats:4222");
  }

  @Test
  void the_reconnect_backoff_doubles_up_to_its_ceiling() {
    var backoff =
        NatsConnections.backoff(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(1));
    assertThat(backoff.getWaitTime(1).toMillis()).isBetween(80L, 100L);
    assertThat(backoff.getWaitTime(3).toMillis()).isBetween(320L, 400L);
    assertThat(backoff.getWaitTime(50).toMillis()).isBetween(800L, 1000L);
  }
}
