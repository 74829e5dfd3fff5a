package dev.fieldops.grpc.client;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolverRegistry;
import io.grpc.TlsChannelCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.AdvancedTlsX509TrustManager.Verification;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Builds the channel of every FieldOps client, in one way: {@code
 * GrpcChannels.builder("telemetry:50052", transport).build()}. TLS verifies the server's
 * certificate and host name against the CA file (or the JVM's trust store); the CA and the client
 * certificate are read again when the files change (checked every {@link #RELOAD_INTERVAL}), so a
 * long-running client follows a rotation on its next connection.
 *
 * <p>A target may list several replicas of one service, comma-separated ({@code
 * telemetry-0:50052,telemetry-1:50052}): the channel then connects to each and balances its calls
 * over those that are up, call by call ({@code round_robin}), each replica's certificate verified
 * against its own host name. This is client-side load balancing, as over a Kubernetes headless
 * Service: a client certificate (mutual TLS) reaches the replica itself, which a proxy that
 * terminates TLS would strip.
 */
public final class GrpcChannels {

  /** How often a TLS client checks its CA and certificate files for changes. */
  public static final Duration RELOAD_INTERVAL = Duration.ofMinutes(1);

  private static final ScheduledExecutorService RELOADS =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("grpc-client-tls-reload").daemon().factory());

  static {
    NameResolverRegistry.getDefaultRegistry().register(new AddressList.Provider());
  }

  private GrpcChannels() {}

  /**
   * A channel builder for {@code target} ({@code host:port}, several of them comma-separated, or a
   * gRPC target URI) over {@code transport}; the caller adds its own settings (interceptors,
   * tracers) and builds it.
   *
   * @throws IllegalStateException when a TLS file cannot be read, naming it
   * @throws IllegalArgumentException when an entry of a list is not {@code host:port}
   */
  public static ManagedChannelBuilder<?> builder(String target, ClientTransport transport) {
    if (AddressList.isList(target)) {
      return Grpc.newChannelBuilder(
              AddressList.target(AddressList.parse(target)), credentials(transport))
          .defaultLoadBalancingPolicy("round_robin");
    }
    return Grpc.newChannelBuilder(target, credentials(transport));
  }

  /**
   * Checks a target given as {@code host:port} or as a comma-separated list of them (replicas of
   * one service), for configuration that reads one.
   *
   * @return the addresses in order
   * @throws IllegalArgumentException naming the entry that is not {@code host:port}
   */
  public static List<String> addresses(String target) {
    return AddressList.parse(target);
  }

  /** The channel credentials of {@code transport}. */
  public static ChannelCredentials credentials(ClientTransport transport) {
    if (transport.plaintext()) {
      return InsecureChannelCredentials.create();
    }
    var tls = TlsChannelCredentials.newBuilder();
    long period = RELOAD_INTERVAL.toNanos();
    if (transport.caFile().isPresent()) {
      Path caFile = transport.caFile().get();
      try {
        var trust =
            AdvancedTlsX509TrustManager.newBuilder()
                .setVerification(Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION)
                .build();
        trust.updateTrustCredentials(caFile.toFile(), period, TimeUnit.NANOSECONDS, RELOADS);
        tls.trustManager(trust);
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        throw new IllegalStateException(
            "cannot read the CA certificate " + caFile + ": " + e.getMessage(), e);
      }
    }
    if (transport.certificateFile().isPresent()) {
      Path certificate = transport.certificateFile().get();
      Path key = transport.keyFile().orElseThrow();
      try {
        var identity = new AdvancedTlsX509KeyManager();
        identity.updateIdentityCredentials(
            certificate.toFile(), key.toFile(), period, TimeUnit.NANOSECONDS, RELOADS);
        tls.keyManager(identity);
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        throw new IllegalStateException(
            "cannot read the client certificate "
                + certificate
                + " and key "
                + key
                + ": "
                + e.getMessage(),
            e);
      }
    }
    return tls.build();
  }
}
