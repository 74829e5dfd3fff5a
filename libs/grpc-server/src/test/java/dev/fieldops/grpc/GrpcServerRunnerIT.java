package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.fieldops.grpc.testing.v1.EchoEvents;
import dev.fieldops.grpc.testing.v1.EchoRequest;
import dev.fieldops.grpc.testing.v1.EchoResponse;
import dev.fieldops.grpc.testing.v1.EchoServiceGrpc;
import dev.fieldops.kernel.Principal.Role;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runner over a real Netty socket on 127.0.0.1 (ephemeral port). */
class GrpcServerRunnerIT {

  private static final String ECHO_SERVICE = "fieldops.grpc.testing.v1.EchoService";

  private static TestAuth auth;
  private final EchoService echo = new EchoService();
  private final List<String> closed = new CopyOnWriteArrayList<>();
  private GrpcServerRunner runner;
  private ManagedChannel channel;

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
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (runner != null) {
      runner.close();
    }
  }

  private void start(Map<String, String> env) throws IOException {
    start(env, List.of());
  }

  private void start(Map<String, String> env, List<FileDescriptor> described) throws IOException {
    start(env, described, null);
  }

  private void start(Map<String, String> env, List<FileDescriptor> described, RequestRules rules)
      throws IOException {
    Map<String, String> withLoopback = new java.util.HashMap<>(env);
    withLoopback.put("GRPC_BIND_ADDRESS", "127.0.0.1");
    withLoopback.putIfAbsent("GRPC_PLAINTEXT", "true");
    var builder =
        GrpcServerRunner.builder(
                GrpcServerConfig.fromEnvironment(withLoopback, 0),
                auth.verifier,
                "echo.fieldops.dev")
            .addService(echo)
            .methodPolicy(EchoPolicy.POLICY)
            .describeMessagesOf(described.toArray(FileDescriptor[]::new))
            .onStop(named("database pool"), named("outbox relay"));
    if (rules != null) {
      builder.requestRules(rules);
    }
    runner = builder.build().start();
    channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", runner.port(), InsecureChannelCredentials.create())
            .build();
  }

  private AutoCloseable named(String name) {
    return () -> closed.add(name);
  }

  private HealthGrpc.HealthBlockingStub health() {
    return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private ServingStatus healthOf(String service) {
    return health().check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
  }

  private EchoServiceGrpc.EchoServiceBlockingStub admin() {
    return TestAuth.withToken(EchoServiceGrpc.newBlockingStub(channel), auth.staff(Role.ADMIN))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @Test
  void binds_an_ephemeral_port_and_answers_an_authenticated_call() throws IOException {
    start(Map.of());

    assertThat(runner.port()).isPositive();
    assertThat(admin().echo(EchoRequest.newBuilder().setText("over tcp").build()).getText())
        .isEqualTo("over tcp");
  }

  @Test
  void request_rules_compiled_ahead_judge_the_calls() throws IOException {
    start(
        Map.of(),
        List.of(),
        RequestRules.compileInBackground(List.of(EchoRequest.getDescriptor().getFile())));

    assertThatExceptionOfType(StatusRuntimeException.class)
        .isThrownBy(() -> admin().echo(EchoRequest.getDefaultInstance()))
        .satisfies(e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .withMessageContaining("text");
    assertThat(admin().echo(EchoRequest.newBuilder().setText("judged").build()).getText())
        .isEqualTo("judged");
  }

  @Test
  void health_is_not_serving_until_marked_then_serving_overall_and_per_service()
      throws IOException {
    start(Map.of());

    assertThat(healthOf("")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(healthOf(ECHO_SERVICE)).isEqualTo(ServingStatus.NOT_SERVING);

    runner.markServing();

    assertThat(healthOf("")).isEqualTo(ServingStatus.SERVING);
    assertThat(healthOf(ECHO_SERVICE)).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void readiness_can_be_taken_back_while_liveness_stays_until_shutdown() throws IOException {
    start(Map.of());
    assertThat(healthOf(ServerHealth.LIVENESS))
        .as("alive before ready")
        .isEqualTo(ServingStatus.SERVING);
    runner.markServing();

    runner.health().markNotServing();

    assertThat(healthOf("")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(healthOf(ECHO_SERVICE)).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(healthOf(ServerHealth.LIVENESS)).isEqualTo(ServingStatus.SERVING);
    runner.markServing();
    assertThat(healthOf("")).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void a_component_reported_by_the_owner_shows_in_health() throws IOException {
    start(Map.of());
    runner.markServing();

    runner.health().setStatus("fieldops.outbox-relay", ServingStatus.NOT_SERVING);

    assertThat(healthOf("fieldops.outbox-relay")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(healthOf("")).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void an_oversized_message_is_resource_exhausted_and_never_reaches_the_handler()
      throws IOException {
    start(Map.of("GRPC_MAX_INBOUND_MESSAGE_BYTES", "64KiB"));
    EchoRequest huge =
        EchoRequest.newBuilder()
            .setText("big")
            .setPadding(ByteString.copyFrom(new byte[100 * 1024]))
            .build();

    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> admin().echo(huge))
            .actual();

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(echo.invocations).hasValue(0);
    assertThat(admin().echo(EchoRequest.newBuilder().setText("small").build()).getText())
        .isEqualTo("small");
  }

  @Test
  void reflection_v1_lists_the_services_without_a_token() throws Exception {
    start(Map.of());
    var stub = io.grpc.reflection.v1.ServerReflectionGrpc.newStub(channel);

    List<String> services =
        reflect(
            stub::serverReflectionInfo,
            io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("").build(),
            response ->
                response.getListServicesResponse().getServiceList().stream()
                    .map(io.grpc.reflection.v1.ServiceResponse::getName)
                    .toList());

    assertThat(services)
        .contains(
            ECHO_SERVICE,
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection");

    int files =
        reflect(
            stub::serverReflectionInfo,
            io.grpc.reflection.v1.ServerReflectionRequest.newBuilder()
                .setFileContainingSymbol(ECHO_SERVICE)
                .build(),
            response -> response.getFileDescriptorResponse().getFileDescriptorProtoCount());
    assertThat(files).isPositive();
  }

  @Test
  void reflection_resolves_the_messages_of_described_files_that_no_rpc_uses() throws Exception {
    start(Map.of(), List.of(EchoEvents.getDescriptor()));
    var stub = io.grpc.reflection.v1.ServerReflectionGrpc.newStub(channel);

    List<FileDescriptorProto> files =
        reflect(
            stub::serverReflectionInfo,
            io.grpc.reflection.v1.ServerReflectionRequest.newBuilder()
                .setFileContainingSymbol("fieldops.grpc.testing.v1.Echoed")
                .build(),
            response -> parse(response.getFileDescriptorResponse().getFileDescriptorProtoList()));
    List<FileDescriptorProto> serviceFiles =
        reflect(
            stub::serverReflectionInfo,
            io.grpc.reflection.v1.ServerReflectionRequest.newBuilder()
                .setFileContainingSymbol(ECHO_SERVICE)
                .build(),
            response -> parse(response.getFileDescriptorResponse().getFileDescriptorProtoList()));
    List<String> services =
        reflect(
            stub::serverReflectionInfo,
            io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("").build(),
            response ->
                response.getListServicesResponse().getServiceList().stream()
                    .map(io.grpc.reflection.v1.ServiceResponse::getName)
                    .toList());

    assertThat(files.getFirst().getName()).isEqualTo("fieldops/grpc/testing/v1/echo_events.proto");
    assertThat(files.getFirst().getMessageTypeList())
        .extracting(DescriptorProto::getName)
        .containsExactly("Echoed");
    assertThat(serviceFiles.getFirst().getServiceList())
        .extracting(ServiceDescriptorProto::getName)
        .containsExactly("EchoService");
    assertThat(serviceFiles.getFirst().getDependencyList())
        .contains("fieldops/grpc/testing/v1/echo_events.proto");
    assertThat(services)
        .containsExactlyInAnyOrder(
            ECHO_SERVICE,
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection");
    assertThat(admin().echo(EchoRequest.newBuilder().setText("still served").build()).getText())
        .isEqualTo("still served");
  }

  @Test
  void reflection_does_not_know_messages_of_files_not_described() throws Exception {
    start(Map.of());
    var stub = io.grpc.reflection.v1.ServerReflectionGrpc.newStub(channel);

    int errorCode =
        reflect(
            stub::serverReflectionInfo,
            io.grpc.reflection.v1.ServerReflectionRequest.newBuilder()
                .setFileContainingSymbol("fieldops.grpc.testing.v1.Echoed")
                .build(),
            response -> response.getErrorResponse().getErrorCode());

    assertThat(errorCode).isEqualTo(Status.Code.NOT_FOUND.value());
  }

  private static List<FileDescriptorProto> parse(List<ByteString> files) {
    return files.stream()
        .map(
            bytes -> {
              try {
                return FileDescriptorProto.parseFrom(bytes);
              } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
              }
            })
        .toList();
  }

  @Test
  void reflection_v1alpha_lists_the_services_without_a_token() throws Exception {
    start(Map.of());
    var stub = io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(channel);

    List<String> services =
        reflect(
            stub::serverReflectionInfo,
            io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
                .setListServices("")
                .build(),
            response ->
                response.getListServicesResponse().getServiceList().stream()
                    .map(io.grpc.reflection.v1alpha.ServiceResponse::getName)
                    .toList());

    assertThat(services).contains(ECHO_SERVICE, "grpc.health.v1.Health");
  }

  @Test
  void reflection_can_be_switched_off() throws IOException {
    start(Map.of("GRPC_REFLECTION", "false"));
    var stub = io.grpc.reflection.v1.ServerReflectionGrpc.newStub(channel);

    Throwable failure =
        assertThatExceptionOfType(Exception.class)
            .isThrownBy(
                () ->
                    reflect(
                        stub::serverReflectionInfo,
                        io.grpc.reflection.v1.ServerReflectionRequest.newBuilder()
                            .setListServices("")
                            .build(),
                        response -> response))
            .actual();

    assertThat(Status.fromThrowable(failure).getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
  }

  @Test
  void
      shutdown_turns_health_not_serving_drains_the_in_flight_call_then_closes_resources_in_reverse()
          throws Exception {
    start(Map.of("GRPC_SHUTDOWN_GRACE", "20s"));
    runner.markServing();
    CountDownLatch callEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    echo.onEcho(
        (request, response) -> {
          callEntered.countDown();
          try {
            release.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          response.onNext(EchoResponse.newBuilder().setText("finished").build());
          response.onCompleted();
        });
    BlockingQueue<ServingStatus> watched = new LinkedBlockingQueue<>();
    Context.CancellableContext watch = Context.current().withCancellation();
    watch.run(
        () ->
            HealthGrpc.newStub(channel)
                .watch(
                    HealthCheckRequest.getDefaultInstance(),
                    new StreamObserver<>() {
                      @Override
                      public void onNext(HealthCheckResponse value) {
                        watched.add(value.getStatus());
                      }

                      @Override
                      public void onError(Throwable t) {}

                      @Override
                      public void onCompleted() {}
                    }));
    assertThat(watched.poll(10, TimeUnit.SECONDS)).isEqualTo(ServingStatus.SERVING);
    CompletableFuture<EchoResponse> inFlight =
        CompletableFuture.supplyAsync(
            () -> admin().echo(EchoRequest.newBuilder().setText("slow").build()));
    assertThat(callEntered.await(10, TimeUnit.SECONDS)).isTrue();

    Thread stopping = Thread.ofPlatform().start(runner::close);

    assertThat(watched.poll(10, TimeUnit.SECONDS)).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(inFlight).isNotDone();
    assertThat(closed).isEmpty();
    release.countDown();
    assertThat(inFlight.get(10, TimeUnit.SECONDS).getText()).isEqualTo("finished");
    watch.cancel(null);
    stopping.join(Duration.ofSeconds(15));
    assertThat(stopping.isAlive()).as("shutdown finished within the grace").isFalse();
    assertThat(closed).containsExactly("outbox relay", "database pool");
  }

  @Test
  void a_call_still_running_after_the_grace_is_cancelled() throws Exception {
    start(Map.of("GRPC_SHUTDOWN_GRACE", "200ms"));
    CountDownLatch callEntered = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    echo.onEcho(
        (request, response) -> {
          Context.current().addListener(c -> cancelled.countDown(), Runnable::run);
          callEntered.countDown();
          try {
            cancelled.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    CompletableFuture<EchoResponse> stuck =
        CompletableFuture.supplyAsync(
            () -> admin().echo(EchoRequest.newBuilder().setText("stuck").build()));
    assertThat(callEntered.await(10, TimeUnit.SECONDS)).isTrue();

    runner.close();

    assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(closed).containsExactly("outbox relay", "database pool");
    Throwable failure =
        assertThatExceptionOfType(Exception.class)
            .isThrownBy(() -> stuck.get(10, TimeUnit.SECONDS))
            .actual();
    assertThat(Status.fromThrowable(failure).getCode())
        .isIn(Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
  }

  @Test
  void a_method_without_a_rule_fails_the_runner_at_start() {
    MethodPolicy incomplete =
        MethodPolicy.builder()
            .allow(dev.fieldops.grpc.testing.v1.EchoServiceGrpc.getEchoMethod(), Allow.anyStaff())
            .build();

    assertThatThrownBy(
            () ->
                GrpcServerRunner.builder(
                        GrpcServerConfig.defaults(0), auth.verifier, "echo.fieldops.dev")
                    .addService(echo)
                    .methodPolicy(incomplete)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ECHO_SERVICE + "/Collect")
        .hasMessageContaining(ECHO_SERVICE + "/Watch");
  }

  @Test
  void a_server_without_a_policy_does_not_start() {
    assertThatThrownBy(
            () ->
                GrpcServerRunner.builder(
                        GrpcServerConfig.defaults(0), auth.verifier, "echo.fieldops.dev")
                    .addService(echo)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("policy");
  }

  /** Sends one reflection request on a bidi stream and maps its single response. */
  private static <Q, R, T> T reflect(
      Function<StreamObserver<R>, StreamObserver<Q>> open, Q request, Function<R, T> extract)
      throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    StreamObserver<Q> requests =
        open.apply(
            new StreamObserver<>() {
              @Override
              public void onNext(R value) {
                result.complete(extract.apply(value));
              }

              @Override
              public void onError(Throwable t) {
                result.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                result.completeExceptionally(new IllegalStateException("no response"));
              }
            });
    requests.onNext(request);
    requests.onCompleted();
    try {
      return result.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }
}
