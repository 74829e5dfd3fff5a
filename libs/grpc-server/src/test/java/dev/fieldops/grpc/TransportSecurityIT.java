package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fieldops.certificates.CertificateAuthority;
import dev.fieldops.certificates.CertificateSpec;
import dev.fieldops.certificates.IssuedCertificate;
import dev.fieldops.grpc.auth.ClientCertificates;
import dev.fieldops.grpc.client.ClientTransport;
import dev.fieldops.grpc.client.GrpcChannels;
import dev.fieldops.grpc.testing.v1.EchoRequest;
import dev.fieldops.grpc.testing.v1.EchoServiceGrpc;
import dev.fieldops.grpc.testing.v1.WatchRequest;
import dev.fieldops.kernel.Principal.Role;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and mutual TLS of the runner over a real socket on 127.0.0.1: the certificate files of {@link
 * ServerTransport}, their reloading, client certificates as {@code service} principals, and the
 * refusal to start without a choice.
 */
class TransportSecurityIT {

  private static TestAuth auth;

  @TempDir Path dir;
  private final List<ManagedChannel> channels = new ArrayList<>();
  private GrpcServerRunner runner;

  @BeforeAll
  static void keys() {
    auth = TestAuth.create();
  }

  @AfterAll
  static void dropKeys() throws IOException {
    auth.close();
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (runner != null) {
      runner.close();
    }
  }

  private CertificateAuthority ca() {
    return CertificateAuthority.openOrCreate(dir.resolve("ca"), "Test CA");
  }

  private void start(Map<String, String> tlsEnv) throws IOException {
    Map<String, String> env = new HashMap<>(tlsEnv);
    env.put("GRPC_BIND_ADDRESS", "127.0.0.1");
    runner =
        GrpcServerRunner.builder(
                GrpcServerConfig.fromEnvironment(env, 0), auth.verifier, "echo.fieldops.dev")
            .addService(new EchoService())
            .methodPolicy(EchoPolicy.POLICY)
            .build()
            .start();
  }

  private Map<String, String> tls(IssuedCertificate server) {
    return Map.of(
        "GRPC_TLS_CERT_FILE", server.certificateFile().toString(),
        "GRPC_TLS_KEY_FILE", server.privateKeyFile().toString());
  }

  private Map<String, String> mutualTls(IssuedCertificate server) {
    Map<String, String> env = new HashMap<>(tls(server));
    env.put("GRPC_TLS_CLIENT_CA_FILE", server.caFile().toString());
    return env;
  }

  private ManagedChannel channel(ClientTransport transport) {
    ManagedChannel channel = GrpcChannels.builder("localhost:" + runner.port(), transport).build();
    channels.add(channel);
    return channel;
  }

  private static EchoServiceGrpc.EchoServiceBlockingStub echo(Channel channel) {
    return EchoServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static String echoAsAdmin(Channel channel) {
    return TestAuth.withToken(echo(channel), auth.staff(Role.ADMIN))
        .echo(EchoRequest.newBuilder().setText("over tls").build())
        .getText();
  }

  private static Status.Code watchCode(EchoServiceGrpc.EchoServiceBlockingStub stub) {
    try {
      Iterator<?> answers = stub.watch(WatchRequest.newBuilder().setText("w").build());
      answers.forEachRemaining(answer -> {});
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  void a_tls_client_trusting_the_ca_is_served_and_a_plaintext_client_is_refused()
      throws IOException {
    IssuedCertificate server = ca().issue("server", CertificateSpec.server("echo"));
    start(tls(server));

    assertThat(echoAsAdmin(channel(ClientTransport.trusting(server.caFile()))))
        .isEqualTo("over tls");
    assertThatThrownBy(() -> echoAsAdmin(channel(ClientTransport.plaintextForDevelopment())))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void a_client_that_does_not_trust_the_servers_ca_is_refused() throws IOException {
    IssuedCertificate server = ca().issue("server", CertificateSpec.server("echo"));
    Path otherCa = CertificateAuthority.openOrCreate(dir.resolve("other"), "Another CA").caFile();
    start(tls(server));

    assertThatThrownBy(() -> echoAsAdmin(channel(ClientTransport.trusting(otherCa))))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void a_certificate_renewed_on_disk_is_served_to_new_connections_without_a_restart()
      throws Exception {
    CertificateAuthority ca = ca();
    IssuedCertificate first = ca.issue("server", CertificateSpec.server("echo-first"));
    Map<String, String> env = new HashMap<>(tls(first));
    env.put("GRPC_TLS_RELOAD_INTERVAL", "200ms");
    start(env);
    ClientTransport client = ClientTransport.trusting(first.caFile());
    assertThat(servedCertificateName(client)).isEqualTo("CN=echo-first");

    ca.issue("server", CertificateSpec.server("echo-renewed"));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(servedCertificateName(client)).isEqualTo("CN=echo-renewed"));
  }

  /** The subject of the certificate the server presents to a new connection. */
  private String servedCertificateName(ClientTransport transport) throws Exception {
    AtomicReference<SSLSession> session = new AtomicReference<>();
    ClientInterceptor capture =
        new ClientInterceptor() {
          @Override
          public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
              MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
            ClientCall<ReqT, RespT> call = next.newCall(method, options);
            return new SimpleForwardingClientCall<>(call) {
              @Override
              public void start(Listener<RespT> listener, Metadata headers) {
                super.start(
                    new SimpleForwardingClientCallListener<>(listener) {
                      @Override
                      public void onHeaders(Metadata responseHeaders) {
                        session.set(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
                        super.onHeaders(responseHeaders);
                      }
                    },
                    headers);
              }
            };
          }
        };
    ManagedChannel channel = channel(transport);
    try {
      echoAsAdmin(ClientInterceptors.intercept(channel, capture));
      return ((X509Certificate) session.get().getPeerCertificates()[0])
          .getSubjectX500Principal()
          .getName();
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void a_client_certificate_naming_a_service_makes_the_caller_that_service() throws IOException {
    CertificateAuthority ca = ca();
    IssuedCertificate server = ca.issue("server", CertificateSpec.server("echo"));
    IssuedCertificate telemetry =
        ca.issue(
            "telemetry-client",
            CertificateSpec.client(
                "telemetry", ClientCertificates.SERVICE_URI_PREFIX + "telemetry"));
    IssuedCertificate support =
        ca.issue(
            "support-client",
            CertificateSpec.client(
                "customer-support", ClientCertificates.SERVICE_URI_PREFIX + "customer-support"));
    start(mutualTls(server));

    var asTelemetry =
        echo(
            channel(
                ClientTransport.trusting(server.caFile())
                    .withClientCertificate(
                        telemetry.certificateFile(), telemetry.privateKeyFile())));
    var asSupport =
        echo(
            channel(
                ClientTransport.trusting(server.caFile())
                    .withClientCertificate(support.certificateFile(), support.privateKeyFile())));

    assertThat(watchCode(asTelemetry)).isEqualTo(Status.Code.OK);
    assertThat(watchCode(asSupport)).isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  void with_mutual_tls_a_caller_without_certificate_still_authenticates_by_token()
      throws IOException {
    IssuedCertificate server = ca().issue("server", CertificateSpec.server("echo"));
    start(mutualTls(server));
    ManagedChannel noCertificate = channel(ClientTransport.trusting(server.caFile()));

    assertThat(echoAsAdmin(noCertificate)).isEqualTo("over tls");
    assertThat(watchCode(echo(noCertificate))).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(watchCode(TestAuth.withToken(echo(noCertificate), auth.service("telemetry"))))
        .isEqualTo(Status.Code.OK);
  }

  @Test
  void a_bearer_token_decides_over_the_client_certificate() throws IOException {
    CertificateAuthority ca = ca();
    IssuedCertificate server = ca.issue("server", CertificateSpec.server("echo"));
    IssuedCertificate telemetry =
        ca.issue(
            "telemetry-client",
            CertificateSpec.client(
                "telemetry", ClientCertificates.SERVICE_URI_PREFIX + "telemetry"));
    start(mutualTls(server));
    var asTelemetry =
        echo(
            channel(
                ClientTransport.trusting(server.caFile())
                    .withClientCertificate(
                        telemetry.certificateFile(), telemetry.privateKeyFile())));

    assertThat(watchCode(TestAuth.withToken(asTelemetry, auth.staff(Role.ADMIN))))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  void a_client_certificate_from_an_untrusted_ca_is_refused() throws IOException {
    IssuedCertificate server = ca().issue("server", CertificateSpec.server("echo"));
    IssuedCertificate stranger =
        CertificateAuthority.openOrCreate(dir.resolve("other"), "Another CA")
            .issue(
                "telemetry-client",
                CertificateSpec.client(
                    "telemetry", ClientCertificates.SERVICE_URI_PREFIX + "telemetry"));
    start(mutualTls(server));

    var asStranger =
        echo(
            channel(
                ClientTransport.trusting(server.caFile())
                    .withClientCertificate(stranger.certificateFile(), stranger.privateKeyFile())));

    assertThat(watchCode(asStranger)).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void a_server_with_neither_tls_nor_explicit_plaintext_does_not_start() {
    assertThatThrownBy(() -> start(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContainingAll("GRPC_TLS_CERT_FILE", "GRPC_TLS_KEY_FILE", "GRPC_PLAINTEXT=true");
  }

  @Test
  void an_unreadable_certificate_file_stops_the_start_naming_the_variable() throws IOException {
    Path broken = Files.writeString(dir.resolve("broken.pem"), "not a certificate");

    assertThatThrownBy(
            () ->
                start(
                    Map.of(
                        "GRPC_TLS_CERT_FILE", broken.toString(),
                        "GRPC_TLS_KEY_FILE", broken.toString())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("GRPC_TLS_CERT_FILE");
  }

  @Test
  void explicit_plaintext_serves_plaintext_clients() throws IOException {
    start(Map.of("GRPC_PLAINTEXT", "true"));

    assertThat(echoAsAdmin(channel(ClientTransport.plaintextForDevelopment())))
        .isEqualTo("over tls");
  }
}
