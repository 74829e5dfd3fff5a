package dev.fieldops.nats.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.certificates.IssuedCertificate;
import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.test.SecuredTestNats;
import dev.fieldops.test.SecuredTestNats.Identity;
import dev.fieldops.test.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production server configuration ({@code deploy/nats/nats-server-tls.conf}): TLS with client
 * certificates on top of the NKey identities. A client gets in only with all three: the CA that
 * signed the server's certificate, a client certificate the server trusts, and an NKey it knows.
 */
class NatsTlsIT {

  private static Path dir;
  private static TestCertificates certificates;
  private static IssuedCertificate client;
  private static SecuredTestNats nats;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("fieldops-nats-tls-");
    certificates = TestCertificates.createIn(dir.resolve("ca"));
    IssuedCertificate server = certificates.server("nats");
    client = certificates.serviceClient("telemetry");
    nats =
        SecuredTestNats.startWithTls(
            new SecuredTestNats.ServerTls(
                server.certificateFile(), server.privateKeyFile(), certificates.caFile()));
  }

  @AfterAll
  static void stop() {
    if (nats != null) {
      nats.close();
    }
  }

  @Test
  void a_client_with_its_nkey_the_ca_and_a_client_certificate_connects_over_tls() throws Exception {
    try (TrackedConnection connection = connect(secureEnv())) {
      assertThat(connection.connection().getServerInfo().isTLSRequired()).isTrue();
      assertThat(connection.management().getAccountStatistics()).isNotNull();
    }
  }

  @Test
  void a_plaintext_client_is_refused() {
    Map<String, String> env = secureEnv();
    env.put("NATS_URL", "nats://127.0.0.1:" + nats.port());
    env.remove("NATS_TLS_CA_FILE");
    env.remove("NATS_TLS_CERT_FILE");
    env.remove("NATS_TLS_KEY_FILE");

    assertThatThrownBy(() -> connect(env)).isInstanceOf(IOException.class);
  }

  @Test
  void a_tls_client_without_an_nkey_is_refused() {
    Map<String, String> env = secureEnv();
    env.remove("NATS_NKEY_SEED_FILE");

    assertThatThrownBy(() -> connect(env)).hasStackTraceContaining("Authorization Violation");
  }

  @Test
  void a_client_without_a_client_certificate_is_refused() {
    Map<String, String> env = secureEnv();
    env.remove("NATS_TLS_CERT_FILE");
    env.remove("NATS_TLS_KEY_FILE");

    assertThatThrownBy(() -> connect(env)).isInstanceOf(IOException.class);
  }

  @Test
  void a_client_that_does_not_trust_the_servers_ca_is_refused() {
    Map<String, String> env = secureEnv();
    env.put(
        "NATS_TLS_CA_FILE", TestCertificates.createIn(dir.resolve("other-ca")).caFile().toString());

    assertThatThrownBy(() -> connect(env)).isInstanceOf(IOException.class);
  }

  private static Map<String, String> secureEnv() {
    Map<String, String> env = new HashMap<>(nats.clientEnvironment(Identity.TELEMETRY));
    env.put("NATS_TLS_CA_FILE", certificates.caFile().toString());
    env.put("NATS_TLS_CERT_FILE", client.certificateFile().toString());
    env.put("NATS_TLS_KEY_FILE", client.privateKeyFile().toString());
    return env;
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
