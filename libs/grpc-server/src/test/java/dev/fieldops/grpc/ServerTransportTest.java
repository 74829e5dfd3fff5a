package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerTransportTest {

  @Test
  void certificate_and_key_turn_tls_on_with_a_reload_every_minute() {
    ServerTransport transport =
        ServerTransport.fromEnvironment(
            Map.of("GRPC_TLS_CERT_FILE", "/tls/server.pem", "GRPC_TLS_KEY_FILE", "/tls/key.pem"));

    assertThat(transport.tls()).isTrue();
    assertThat(transport.certificateFile()).contains(Path.of("/tls/server.pem"));
    assertThat(transport.clientCaFile()).isEmpty();
    assertThat(transport.reloadInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(transport.requireChosen()).isSameAs(transport);
  }

  @Test
  void nothing_chosen_is_refused_naming_the_variables() {
    ServerTransport transport = ServerTransport.fromEnvironment(Map.of());

    assertThatThrownBy(transport::requireChosen)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContainingAll(
            "GRPC_TLS_CERT_FILE", "GRPC_TLS_KEY_FILE", "GRPC_TLS_CLIENT_CA_FILE", "GRPC_PLAINTEXT");
  }

  @Test
  void explicit_plaintext_is_a_choice() {
    ServerTransport transport = ServerTransport.fromEnvironment(Map.of("GRPC_PLAINTEXT", "true"));

    assertThat(transport.tls()).isFalse();
    assertThat(transport.requireChosen().plaintext()).isTrue();
  }

  @Test
  void a_certificate_without_its_key_is_refused() {
    assertThatThrownBy(
            () -> ServerTransport.fromEnvironment(Map.of("GRPC_TLS_CERT_FILE", "/tls/server.pem")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("GRPC_TLS_CERT_FILE is set but GRPC_TLS_KEY_FILE is not");
  }

  @Test
  void plaintext_together_with_tls_files_is_refused() {
    assertThatThrownBy(
            () ->
                ServerTransport.fromEnvironment(
                    Map.of(
                        "GRPC_TLS_CERT_FILE", "/tls/server.pem",
                        "GRPC_TLS_KEY_FILE", "/tls/key.pem",
                        "GRPC_PLAINTEXT", "true")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contradicts");
  }

  @Test
  void a_client_ca_needs_tls() {
    assertThatThrownBy(
            () -> ServerTransport.fromEnvironment(Map.of("GRPC_TLS_CLIENT_CA_FILE", "/tls/ca.pem")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("GRPC_TLS_CLIENT_CA_FILE needs TLS");
  }

  @Test
  void a_bad_reload_interval_names_the_variable() {
    assertThatThrownBy(
            () -> ServerTransport.fromEnvironment(Map.of("GRPC_TLS_RELOAD_INTERVAL", "often")))
        .hasMessageStartingWith("GRPC_TLS_RELOAD_INTERVAL");
  }
}
