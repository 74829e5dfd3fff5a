package dev.fieldops.runtime;

import static dev.fieldops.grpc.Allow.staff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import dev.fieldops.grpc.CallPrincipal;
import dev.fieldops.grpc.MethodPolicy;
import dev.fieldops.grpc.ServerHealth;
import dev.fieldops.jooq.MigrationSet;
import dev.fieldops.kernel.IdempotentCommand;
import dev.fieldops.kernel.KeyedCommand;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.RequestKey;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.nats.outbox.OutboxEvent;
import dev.fieldops.test.PrivatePostgres;
import dev.fieldops.test.TestDatabase;
import dev.fieldops.test.TestEnvironment;
import dev.fieldops.test.TestNats;
import dev.fieldops.test.grpc.ErrorDetails;
import dev.fieldops.test.grpc.TestTokens;
import io.grpc.BindableService;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The runtime through its dependencies' outages, on servers of the test's own: a service that
 * starts while NATS is away, and a PostgreSQL that goes away under a running service. Health must
 * tell each truthfully, and everything recovers without a restart.
 */
class ServiceRuntimeOutagesIT {

  /** The probe RPC's command: it only carries its caller. */
  private record Probe(Principal principal) implements IdempotentCommand {}

  private static final ServiceDescriptor PROBE =
      new ServiceDescriptor(
          "probe",
          "probe-service",
          0,
          "fieldops_probe",
          StreamSpec.of("PROBE", "probe.>"),
          List.of(new MigrationSet("probe", "classpath:db/probe")),
          List.of(),
          List.of());

  private static final MethodDescriptor<StringValue, StringValue> RECORD =
      MethodDescriptor.<StringValue, StringValue>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("fieldops.probe.v1.ProbeService/Record")
          .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
          .build();

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** One RPC that records a row and an event per request id. */
  private static Application wire(Infrastructure infrastructure) {
    BindableService service =
        () ->
            ServerServiceDefinition.builder("fieldops.probe.v1.ProbeService")
                .addMethod(
                    RECORD,
                    ServerCalls.asyncUnaryCall(
                        (request, observer) -> {
                          try {
                            String requestId = request.getValue();
                            StringValue response =
                                IdempotentCommands.response(
                                    new TransactionalCommands(infrastructure.transactor())
                                        .decorate(
                                            infrastructure
                                                .idempotentCommands()
                                                .decorate(
                                                    RECORD.getFullMethodName(),
                                                    (Probe probe) -> {
                                                      UUID eventId = UUID.randomUUID();
                                                      infrastructure
                                                          .transactor()
                                                          .run(
                                                              tx -> {
                                                                tx.execute(
                                                                    "insert into probe_record(request_id) values (?::uuid)",
                                                                    requestId);
                                                                infrastructure
                                                                    .outbox()
                                                                    .append(
                                                                        tx,
                                                                        OutboxEvent.protobuf(
                                                                            eventId,
                                                                            "probe",
                                                                            requestId,
                                                                            1,
                                                                            "probe.recorded",
                                                                            "google.protobuf.StringValue",
                                                                            request.toByteArray(),
                                                                            infrastructure
                                                                                .clock()
                                                                                .instant()));
                                                              });
                                                      return StringValue.of(eventId.toString());
                                                    },
                                                    value -> value))
                                        .handle(
                                            new KeyedCommand<>(
                                                new RequestKey(requestId, request.toByteArray()),
                                                new Probe(CallPrincipal.current()))),
                                    value -> value,
                                    StringValue.parser());
                            observer.onNext(response);
                            observer.onCompleted();
                          } catch (RuntimeException e) {
                            observer.onError(e);
                          }
                        }))
                .build();
    return new Application(
        List.of(service),
        MethodPolicy.builder()
            .allow(RECORD.getFullMethodName(), staff(Principal.Role.ADMIN))
            .build(),
        List.of(),
        List.of());
  }

  @Test
  void a_service_started_while_nats_is_away_serves_and_publishes_every_event_once_nats_comes()
      throws Exception {
    try (var database = TestDatabase.create();
        var nats = TestNats.reserve();
        var tokens = TestTokens.create()) {
      var env = new HashMap<>(TestEnvironment.serviceEnv(database, nats, tokens));
      env.put(RecoveryConfig.NATS_START_WAIT, "1s");
      try (var runtime = ServiceRuntime.start(PROBE, env, ServiceRuntimeOutagesIT::wire)) {
        var channel = channelTo(runtime);
        assertThat(health(channel, "")).isEqualTo(ServingStatus.SERVING);
        assertThat(health(channel, ServiceRuntime.EVENTS_HEALTH))
            .isEqualTo(ServingStatus.NOT_SERVING);
        List<String> recorded = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
          recorded.add(record(channel, tokens, UUID.randomUUID().toString()).getValue());
        }

        nats.startServer();

        await()
            .atMost(PATIENCE)
            .until(() -> health(channel, ServiceRuntime.EVENTS_HEALTH) == ServingStatus.SERVING);
        try (var connection = Nats.connect(nats.url())) {
          await()
              .atMost(PATIENCE)
              .until(
                  () ->
                      connection
                              .jetStreamManagement()
                              .getStreamInfo("PROBE")
                              .getStreamState()
                              .getMsgCount()
                          == recorded.size());
        }
        channel.shutdownNow();
      }
    }
  }

  @Test
  void the_database_going_away_takes_readiness_away_fails_calls_fast_and_comes_back_by_itself()
      throws Exception {
    try (var postgres = PrivatePostgres.start();
        var nats = TestNats.start();
        var tokens = TestTokens.create()) {
      Map<String, String> env =
          new HashMap<>(
              Map.of(
                  "DATABASE_URL",
                  postgres.createDatabase("fieldops_probe"),
                  "DATABASE_USER",
                  PrivatePostgres.USER,
                  "DATABASE_PASSWORD",
                  "",
                  "NATS_URL",
                  nats.url(),
                  "GRPC_PORT",
                  "0",
                  "GRPC_BIND_ADDRESS",
                  "127.0.0.1",
                  "AUTH_DEV_KEY_DIR",
                  tokens.keyDir().toString(),
                  "GRPC_SHUTDOWN_GRACE",
                  "2s",
                  "GRPC_PLAINTEXT",
                  "true"));
      try (var runtime = ServiceRuntime.start(PROBE, env, ServiceRuntimeOutagesIT::wire)) {
        var channel = channelTo(runtime);
        record(channel, tokens, UUID.randomUUID().toString());
        await()
            .atMost(PATIENCE)
            .until(() -> health(channel, ServiceRuntime.DATABASE_HEALTH) == ServingStatus.SERVING);

        postgres.stop();

        await()
            .atMost(PATIENCE)
            .until(
                () ->
                    health(channel, "") == ServingStatus.NOT_SERVING
                        && health(channel, ServiceRuntime.DATABASE_HEALTH)
                            == ServingStatus.NOT_SERVING);
        assertThat(health(channel, ServerHealth.LIVENESS)).isEqualTo(ServingStatus.SERVING);
        long started = System.nanoTime();
        var refused =
            catchThrowableOfType(
                StatusRuntimeException.class,
                () -> record(channel, tokens, UUID.randomUUID().toString()));
        assertThat(refused).isNotNull();
        assertThat(ErrorDetails.code(refused)).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .as("fails fast, well within the deadline")
            .isLessThan(Duration.ofSeconds(8));

        postgres.restart();

        await()
            .atMost(PATIENCE)
            .until(
                () ->
                    health(channel, "") == ServingStatus.SERVING
                        && health(channel, ServiceRuntime.DATABASE_HEALTH)
                            == ServingStatus.SERVING);
        String requestId = UUID.randomUUID().toString();
        await()
            .atMost(PATIENCE)
            .ignoreExceptions()
            .until(() -> !record(channel, tokens, requestId).getValue().isEmpty());
        channel.shutdownNow();
      }
    }
  }

  private static ManagedChannel channelTo(ServiceRuntime runtime) {
    return ManagedChannelBuilder.forAddress("127.0.0.1", runtime.port()).usePlaintext().build();
  }

  private static StringValue record(ManagedChannel channel, TestTokens tokens, String requestId) {
    return ClientCalls.blockingUnaryCall(
        channel,
        RECORD,
        CallOptions.DEFAULT
            .withCallCredentials(TestTokens.bearer(tokens.admin()))
            .withDeadlineAfter(10, TimeUnit.SECONDS),
        StringValue.of(requestId));
  }

  private static ServingStatus health(ManagedChannel channel, String service) {
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }
}
