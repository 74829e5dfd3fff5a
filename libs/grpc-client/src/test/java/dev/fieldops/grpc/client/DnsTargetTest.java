package dev.fieldops.grpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code dns:///host:port} target (a Kubernetes headless Service): gRPC's own DNS resolver looks
 * the name up, and the channel spreads its calls over every address it resolves to (round robin),
 * here two real servers on 127.0.0.1 and 127.0.0.2 behind one name ({@link TestHostNames} answers
 * for it as a cluster's DNS would); malformed targets are refused saying the form.
 */
class DnsTargetTest {

  private static final String HEADLESS = "telemetry-headless.fieldops-test";

  private final List<Server> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    TestHostNames.unregister(HEADLESS);
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    for (Server server : servers) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void calls_to_a_dns_target_are_spread_over_every_address_of_the_name() throws IOException {
    var first = new AtomicInteger();
    var second = new AtomicInteger();
    int port = serve("127.0.0.1", 0, first);
    serve("127.0.0.2", port, second);
    TestHostNames.register(
        HEADLESS, List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("127.0.0.2")));
    var health = HealthGrpc.newBlockingStub(channel("dns:///" + HEADLESS + ":" + port));

    for (int i = 0; i < 20; i++) {
      health.withDeadlineAfter(10, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance());
    }

    // round robin: once both are connected, calls alternate; pick_first would keep to one
    assertThat(first.get() + second.get()).isEqualTo(20);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              health
                  .withDeadlineAfter(10, TimeUnit.SECONDS)
                  .check(HealthCheckRequest.getDefaultInstance());
              return first.get() >= 5 && second.get() >= 5;
            });
  }

  @Test
  void a_dns_target_of_localhost_resolves_and_answers() throws IOException {
    var calls = new AtomicInteger();
    int port = serve("127.0.0.1", 0, calls);
    var health = HealthGrpc.newBlockingStub(channel("dns:///localhost:" + port));

    health.withDeadlineAfter(10, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance());

    assertThat(calls.get()).isEqualTo(1);
    assertThat(GrpcChannels.target(" dns:///localhost:" + port))
        .isEqualTo("dns:///localhost:" + port);
    assertThat(GrpcChannels.ROUND_ROBIN).isEqualTo("round_robin");
  }

  @Test
  void a_malformed_dns_target_is_refused_saying_the_form() {
    for (String malformed :
        List.of(
            "dns://telemetry-headless:50052",
            "dns:///telemetry-headless",
            "dns:///telemetry-headless:99999",
            "dns://10.0.0.10/telemetry-headless:50052")) {
      assertThatThrownBy(
              () -> GrpcChannels.builder(malformed, ClientTransport.plaintextForDevelopment()))
          .as(malformed)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "'"
                  + malformed
                  + "' is not dns:///host:port (three slashes, no DNS server, a port: e.g."
                  + " dns:///telemetry-headless:50052)");
    }
    assertThat(GrpcChannels.target("127.0.0.1:1, 127.0.0.2:1"))
        .isEqualTo("127.0.0.1:1,127.0.0.2:1");
  }

  private ManagedChannel channel(String target) {
    ManagedChannel channel =
        GrpcChannels.builder(target, ClientTransport.plaintextForDevelopment()).build();
    channels.add(channel);
    return channel;
  }

  /** A health server on {@code host}:{@code port} (0: any) counting its calls; its port. */
  private int serve(String host, int port, AtomicInteger calls) throws IOException {
    ServerInterceptor counting =
        new ServerInterceptor() {
          @Override
          public <Q, A> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            calls.incrementAndGet();
            return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {};
          }
        };
    Server server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(host, port), InsecureServerCredentials.create())
            .addService(
                ServerInterceptors.intercept(
                    new HealthStatusManager().getHealthService(), counting))
            .build()
            .start();
    servers.add(server);
    return server.getPort();
  }
}
