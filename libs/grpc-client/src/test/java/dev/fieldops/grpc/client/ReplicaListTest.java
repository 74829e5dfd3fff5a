package dev.fieldops.grpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fieldops.certificates.CertificateAuthority;
import dev.fieldops.certificates.CertificateSpec;
import dev.fieldops.certificates.IssuedCertificate;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target listing several replicas ({@code host1:port1,host2:port2}): real servers on loopback,
 * calls spread over every replica, a stopped replica skipped, and with TLS each replica verified
 * against its own host name and reached with the client's own certificate.
 */
class ReplicaListTest {

  private final List<Replica> replicas = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @TempDir Path tls;

  @AfterEach
  void stop() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    for (Replica replica : replicas) {
      replica.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void calls_reach_every_replica_of_the_list() throws IOException {
    Replica first = replica(InsecureServerCredentials.create());
    Replica second = replica(InsecureServerCredentials.create());
    var health =
        HealthGrpc.newBlockingStub(
            channel(
                "127.0.0.1:" + first.port() + ", 127.0.0.1:" + second.port(),
                ClientTransport.plaintextForDevelopment()));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              health.check(HealthCheckRequest.getDefaultInstance());
              return first.calls.get() > 0 && second.calls.get() > 0;
            });
  }

  @Test
  void a_stopped_replica_is_skipped_and_the_others_answer() throws Exception {
    Replica first = replica(InsecureServerCredentials.create());
    Replica second = replica(InsecureServerCredentials.create());
    var health =
        HealthGrpc.newBlockingStub(
            channel(
                "127.0.0.1:" + first.port() + ",127.0.0.1:" + second.port(),
                ClientTransport.plaintextForDevelopment()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              health.check(HealthCheckRequest.getDefaultInstance());
              return first.calls.get() > 0 && second.calls.get() > 0;
            });

    first.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    int before = second.calls.get();
    // The channel learns of the stop from the closed connection; from then on every call answers.
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreException(StatusRuntimeException.class)
        .until(
            () -> {
              for (int i = 0; i < 10; i++) {
                health
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
              }
              return true;
            });

    assertThat(second.calls.get() - before).isGreaterThanOrEqualTo(10);
  }

  @Test
  void with_tls_each_replica_is_verified_by_its_own_name_and_sees_the_client_certificate()
      throws IOException {
    var ca = CertificateAuthority.openOrCreate(tls, "test CA");
    // One certificate names only localhost, the other only 127.0.0.1: a channel that verified
    // every replica against one name (the list's first) would refuse the second.
    IssuedCertificate byName =
        ca.issue(
            "by-name",
            new CertificateSpec(
                "by-name",
                List.of("localhost"),
                List.of(),
                List.of(),
                true,
                false,
                CertificateSpec.DEFAULT_VALIDITY));
    IssuedCertificate byAddress =
        ca.issue(
            "by-address",
            new CertificateSpec(
                "by-address",
                List.of(),
                List.of("127.0.0.1"),
                List.of(),
                true,
                false,
                CertificateSpec.DEFAULT_VALIDITY));
    IssuedCertificate client = ca.issue("client", CertificateSpec.client("support"));
    Replica first = replica(serverTls(byName, ca.caFile()));
    Replica second = replica(serverTls(byAddress, ca.caFile()));
    var health =
        HealthGrpc.newBlockingStub(
            channel(
                "localhost:" + first.port() + ",127.0.0.1:" + second.port(),
                ClientTransport.trusting(ca.caFile())
                    .withClientCertificate(client.certificateFile(), client.privateKeyFile())));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              health.check(HealthCheckRequest.getDefaultInstance());
              return first.calls.get() > 0 && second.calls.get() > 0;
            });

    assertThat(first.callsWithClientCertificate.get()).isEqualTo(first.calls.get());
    assertThat(second.callsWithClientCertificate.get()).isEqualTo(second.calls.get());
  }

  @Test
  void an_entry_that_is_not_host_and_port_is_refused_naming_it() {
    assertThatThrownBy(
            () ->
                GrpcChannels.builder(
                    "127.0.0.1:50152,telemetry", ClientTransport.plaintextForDevelopment()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'telemetry' is not host:port");
    assertThat(GrpcChannels.addresses("[::1]:50152, localhost:50252"))
        .containsExactly("[::1]:50152", "localhost:50252");
  }

  private ManagedChannel channel(String target, ClientTransport transport) {
    ManagedChannel channel = GrpcChannels.builder(target, transport).build();
    channels.add(channel);
    return channel;
  }

  private static ServerCredentials serverTls(IssuedCertificate certificate, Path ca)
      throws IOException {
    return TlsServerCredentials.newBuilder()
        .keyManager(certificate.certificateFile().toFile(), certificate.privateKeyFile().toFile())
        .trustManager(ca.toFile())
        .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL)
        .build();
  }

  private Replica replica(ServerCredentials credentials) throws IOException {
    var calls = new AtomicInteger();
    var withCertificate = new AtomicInteger();
    ServerInterceptor counting =
        new ServerInterceptor() {
          @Override
          public <Q, A> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            calls.incrementAndGet();
            if (presentsCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION))) {
              withCertificate.incrementAndGet();
            }
            return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {};
          }
        };
    Server server =
        Grpc.newServerBuilderForPort(0, credentials)
            .addService(
                ServerInterceptors.intercept(
                    new HealthStatusManager().getHealthService(), counting))
            .build()
            .start();
    Replica replica = new Replica(server, calls, withCertificate);
    replicas.add(replica);
    return replica;
  }

  private static boolean presentsCertificate(SSLSession session) {
    if (session == null) {
      return false;
    }
    try {
      Certificate[] peer = session.getPeerCertificates();
      return peer.length > 0;
    } catch (SSLPeerUnverifiedException none) {
      return false;
    }
  }

  private record Replica(
      Server server, AtomicInteger calls, AtomicInteger callsWithClientCertificate) {
    int port() {
      return server.getPort();
    }
  }
}
