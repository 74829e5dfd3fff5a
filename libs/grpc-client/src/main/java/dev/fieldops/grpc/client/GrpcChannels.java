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
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Builds the channel of every FieldOps client, in one way: {@code
 * GrpcChannels.builder("telemetry:50052", transport).build()}. TLS verifies the server's
 * certificate and host name against the CA file (or the JVM's trust store); the CA and the client
 * certificate are read again when the files change (checked every {@link #RELOAD_INTERVAL}), so a
 * long-running client follows a rotation on its next connection. The checks end when the channel is
 * shut down.
 *
 * <p>A target may list several replicas of one service, comma-separated ({@code
 * telemetry-0:50052,telemetry-1:50052}): the channel then connects to each and balances its calls
 * over those that are up, call by call ({@code round_robin}), each replica's certificate verified
 * against its own host name. This is client-side load balancing, as over a Kubernetes headless
 * Service: a client certificate (mutual TLS) reaches the replica itself, which a proxy that
 * terminates TLS would strip. A {@code dns:///host:port} target does the same with every address
 * the name resolves to (gRPC's DNS resolver), the Kubernetes headless Service's ready pods.
 */
public final class GrpcChannels {

  /** How often a TLS client checks its CA and certificate files for changes. */
  public static final Duration RELOAD_INTERVAL = Duration.ofMinutes(1);

  /**
   * The load-balancing policy of a channel to several replicas (a list, or a {@code dns:///}
   * target): each call goes to the next replica that is up.
   */
  public static final String ROUND_ROBIN = "round_robin";

  private static final String DNS_SCHEME = "dns:";
  private static final Pattern DNS_TARGET =
      Pattern.compile("dns:///([A-Za-z0-9.\\-]+):([0-9]{1,5})");

  private static final ScheduledThreadPoolExecutor RELOADS = reloadThread();

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
    Credentials credentials = credentials(transport);
    ManagedChannelBuilder<?> builder;
    if (AddressList.isList(target)) {
      builder =
          Grpc.newChannelBuilder(
                  AddressList.target(AddressList.parse(target)), credentials.channel())
              .defaultLoadBalancingPolicy(ROUND_ROBIN);
    } else if (target.startsWith(DNS_SCHEME)) {
      builder =
          Grpc.newChannelBuilder(dnsTarget(target), credentials.channel())
              .defaultLoadBalancingPolicy(ROUND_ROBIN);
    } else {
      builder = Grpc.newChannelBuilder(target, credentials.channel());
    }
    return credentials.reloads().isEmpty()
        ? builder
        : new ReloadsEndWithTheChannel.Builder(builder, credentials.reloads());
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

  /**
   * Checks a target for configuration that reads one: {@code host:port}, a comma-separated list of
   * them (replicas of one service), or {@code dns:///host:port}, a name whose every address is a
   * replica (a Kubernetes headless Service): gRPC's DNS resolver looks it up again when a
   * connection closes (a replica went away, or its server's maximum connection age ended it), at
   * most every 30 s, and the channel balances its calls over the addresses with {@value
   * #ROUND_ROBIN}; TLS verifies each replica's certificate against {@code host}.
   *
   * @return the target, normalised (a list without blanks)
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static String target(String target) {
    String trimmed = target.strip();
    if (trimmed.startsWith(DNS_SCHEME)) {
      return dnsTarget(trimmed);
    }
    return String.join(",", AddressList.parse(trimmed));
  }

  private static String dnsTarget(String target) {
    var matcher = DNS_TARGET.matcher(target);
    if (!matcher.matches() || Integer.parseInt(matcher.group(2)) > 65535) {
      throw new IllegalArgumentException(
          "'"
              + target
              + "' is not dns:///host:port (three slashes, no DNS server, a port: e.g."
              + " dns:///telemetry-headless:50052)");
    }
    return target;
  }

  /** A channel's credentials and the periodic checks of their files, which it ends. */
  private record Credentials(ChannelCredentials channel, List<Closeable> reloads) {}

  /** The channel credentials of {@code transport}, with the checks of its files started. */
  private static Credentials credentials(ClientTransport transport) {
    if (transport.plaintext()) {
      return new Credentials(InsecureChannelCredentials.create(), List.of());
    }
    var tls = TlsChannelCredentials.newBuilder();
    List<Closeable> reloads = new ArrayList<>();
    long period = RELOAD_INTERVAL.toNanos();
    if (transport.caFile().isPresent()) {
      Path caFile = transport.caFile().get();
      try {
        var trust =
            AdvancedTlsX509TrustManager.newBuilder()
                .setVerification(Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION)
                .build();
        reloads.add(
            trust.updateTrustCredentials(caFile.toFile(), period, TimeUnit.NANOSECONDS, RELOADS));
        tls.trustManager(trust);
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        ReloadsEndWithTheChannel.closeAll(reloads);
        throw new IllegalStateException(
            "cannot read the CA certificate " + caFile + ": " + e.getMessage(), e);
      }
    }
    if (transport.certificateFile().isPresent()) {
      Path certificate = transport.certificateFile().get();
      Path key = transport.keyFile().orElseThrow();
      try {
        var identity = new AdvancedTlsX509KeyManager();
        reloads.add(
            identity.updateIdentityCredentials(
                certificate.toFile(), key.toFile(), period, TimeUnit.NANOSECONDS, RELOADS));
        tls.keyManager(identity);
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        ReloadsEndWithTheChannel.closeAll(reloads);
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
    return new Credentials(tls.build(), List.copyOf(reloads));
  }

  /** One daemon thread for every channel's checks; a check a channel ended leaves its queue. */
  private static ScheduledThreadPoolExecutor reloadThread() {
    var executor =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("grpc-client-tls-reload").daemon().factory());
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /** How many channels' file checks are scheduled now (a TLS channel has one or two). */
  static int scheduledReloads() {
    return RELOADS.getQueue().size();
  }
}
