package dev.fieldops.support.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReactionConfigTest {

  @Test
  void without_variables_the_documented_defaults_apply() {
    var config = ReactionConfig.fromEnvironment(Map.of());

    assertThat(config.telemetryAddress()).isEqualTo("127.0.0.1:50052");
    assertThat(config.telemetryToken()).isEmpty();
    assertThat(config.telemetryDeadline()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.consumerRetries().maxDeliver()).isEqualTo(5);
    assertThat(config.consumerRetries().backoff())
        .containsExactly(
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofMinutes(2),
            Duration.ofMinutes(10));
    assertThat(config.enrichmentInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.enrichmentRetry().first()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.enrichmentRetry().max()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void the_telemetry_token_may_come_from_a_mounted_file(@TempDir Path secrets) throws Exception {
    Path token = Files.writeString(secrets.resolve("telemetry-token"), "eyJhbGciOi.x.y\n");

    var config = ReactionConfig.fromEnvironment(Map.of("TELEMETRY_TOKEN_FILE", token.toString()));

    assertThat(config.telemetryToken()).contains("eyJhbGciOi.x.y");
  }

  @Test
  void every_setting_can_be_given() {
    var config =
        ReactionConfig.fromEnvironment(
            Map.of(
                "TELEMETRY_ADDRESS", "telemetry.fieldops.svc:50052",
                "TELEMETRY_TOKEN", " eyJhbGciOi.x.y ",
                "TELEMETRY_DEADLINE", "500ms",
                "SUPPORT_CONSUMER_MAX_DELIVER", "3",
                "SUPPORT_CONSUMER_BACKOFF", "1s, 5s",
                "SUPPORT_ENRICHMENT_INTERVAL", "1s",
                "SUPPORT_ENRICHMENT_RETRY_FIRST", "2s",
                "SUPPORT_ENRICHMENT_RETRY_MAX", "1m"));

    assertThat(config.telemetryAddress()).isEqualTo("telemetry.fieldops.svc:50052");
    assertThat(config.telemetryToken()).isEqualTo(Optional.of("eyJhbGciOi.x.y"));
    assertThat(config.telemetryDeadline()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.consumerRetries().backoff())
        .isEqualTo(List.of(Duration.ofSeconds(1), Duration.ofSeconds(5)));
    assertThat(config.enrichmentRetry().after(3)).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void telemetry_may_be_several_replicas_listed_with_commas() {
    var config =
        ReactionConfig.fromEnvironment(
            Map.of(
                "TELEMETRY_ADDRESS", "telemetry-0.telemetry:50052, telemetry-1.telemetry:50052"));

    assertThat(config.telemetryAddress())
        .isEqualTo("telemetry-0.telemetry:50052,telemetry-1.telemetry:50052");
  }

  @Test
  void telemetry_may_be_a_dns_name_whose_every_address_is_a_replica() {
    var config =
        ReactionConfig.fromEnvironment(
            Map.of("TELEMETRY_ADDRESS", "dns:///telemetry-headless:50052"));

    assertThat(config.telemetryAddress()).isEqualTo("dns:///telemetry-headless:50052");
  }

  @Test
  void a_dns_target_without_three_slashes_or_a_port_is_refused_naming_the_variable() {
    for (String malformed :
        List.of("dns://telemetry-headless:50052", "dns:///telemetry-headless", "dns:telemetry:1")) {
      assertThatThrownBy(
              () -> ReactionConfig.fromEnvironment(Map.of("TELEMETRY_ADDRESS", malformed)))
          .as(malformed)
          .hasMessageStartingWith("TELEMETRY_ADDRESS: invalid value '" + malformed + "'")
          .hasMessageContaining("dns:///host:port");
    }
  }

  @Test
  void a_list_with_an_entry_that_is_not_host_and_port_is_refused_naming_the_variable() {
    assertThatThrownBy(
            () ->
                ReactionConfig.fromEnvironment(
                    Map.of("TELEMETRY_ADDRESS", "127.0.0.1:50152,127.0.0.1")))
        .hasMessageStartingWith("TELEMETRY_ADDRESS")
        .hasMessageContaining("comma-separated");
  }

  @Test
  void fewer_attempts_than_the_default_pauses_keep_only_as_many_pauses_as_jetstream_allows() {
    var config = ReactionConfig.fromEnvironment(Map.of("SUPPORT_CONSUMER_MAX_DELIVER", "2"));

    assertThat(config.consumerRetries().backoff()).containsExactly(Duration.ofSeconds(10));
  }

  @Test
  void an_unusable_value_fails_naming_its_variable() {
    assertThatThrownBy(
            () -> ReactionConfig.fromEnvironment(Map.of("TELEMETRY_ADDRESS", "telemetry")))
        .hasMessageStartingWith("TELEMETRY_ADDRESS");
    assertThatThrownBy(
            () ->
                ReactionConfig.fromEnvironment(
                    Map.of(
                        "SUPPORT_CONSUMER_MAX_DELIVER",
                        "3",
                        "SUPPORT_CONSUMER_BACKOFF",
                        "1s,2s,3s")))
        .hasMessageStartingWith("SUPPORT_CONSUMER_BACKOFF");
    assertThatThrownBy(
            () -> ReactionConfig.fromEnvironment(Map.of("SUPPORT_CONSUMER_BACKOFF", "soon")))
        .hasMessageStartingWith("SUPPORT_CONSUMER_BACKOFF");
    assertThatThrownBy(
            () ->
                ReactionConfig.fromEnvironment(
                    Map.of(
                        "SUPPORT_ENRICHMENT_RETRY_FIRST",
                        "1m",
                        "SUPPORT_ENRICHMENT_RETRY_MAX",
                        "10s")))
        .hasMessageStartingWith("SUPPORT_ENRICHMENT_RETRY_MAX");
  }

  @Test
  void without_a_development_key_a_telemetry_token_is_required() {
    var env = Map.of("AUTH_PUBLIC_KEY_FILE", "/nonexistent/key.pem");

    assertThatThrownBy(
            () -> CustomerSupportWiring.serviceToken(env, ReactionConfig.fromEnvironment(env)))
        .hasMessageStartingWith("TELEMETRY_TOKEN");
  }

  @Test
  void telemetry_is_reached_over_tls_unless_plaintext_is_asked_for() {
    var defaults = ReactionConfig.fromEnvironment(Map.of());
    var mutual =
        ReactionConfig.fromEnvironment(
            Map.of(
                "TELEMETRY_TLS_CA_FILE", "/tls/ca.pem",
                "TELEMETRY_TLS_CERT_FILE", "/tls/support-client.pem",
                "TELEMETRY_TLS_KEY_FILE", "/tls/support-client-key.pem"));
    var plaintext = ReactionConfig.fromEnvironment(Map.of("TELEMETRY_PLAINTEXT", "true"));

    assertThat(defaults.telemetryTransport().tls()).isTrue();
    assertThat(mutual.telemetryTransport().certificateFile())
        .contains(java.nio.file.Path.of("/tls/support-client.pem"));
    assertThat(plaintext.telemetryTransport().plaintext()).isTrue();
  }

  @Test
  void a_client_certificate_without_its_key_names_the_variables() {
    assertThatThrownBy(
            () ->
                ReactionConfig.fromEnvironment(
                    Map.of("TELEMETRY_TLS_CERT_FILE", "/tls/support-client.pem")))
        .hasMessageStartingWith("TELEMETRY_TLS_CA_FILE, TELEMETRY_TLS_CERT_FILE");
  }
}
