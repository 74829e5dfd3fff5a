package dev.fieldops.runtime;

import static dev.fieldops.grpc.Allow.staff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import dev.fieldops.test.PrometheusText;
import dev.fieldops.test.TestEnvironment;
import dev.fieldops.test.grpc.ErrorDetails;
import dev.fieldops.test.grpc.TestTokens;
import io.grpc.BindableService;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A whole (tiny) service through the runtime: real PostgreSQL, real nats-server, real socket. Its
 * one RPC records an event per request id, the way services' creating RPCs do.
 */
class ServiceRuntimeIT {

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

  private static final AtomicInteger JOB_RUNS = new AtomicInteger();
  private static final AtomicInteger EFFECTS = new AtomicInteger();

  private static TestEnvironment environment;
  private static ServiceRuntime runtime;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() throws Exception {
    environment = TestEnvironment.create();
    runtime = ServiceRuntime.start(PROBE, environment.env(), ServiceRuntimeIT::wire);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", runtime.port()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    runtime.close();
    environment.close();
  }

  /** The request's value is "<request id>:<payload>"; the response is the recorded event's id. */
  private static Application wire(Infrastructure infrastructure) {
    BindableService service =
        () ->
            ServerServiceDefinition.builder("fieldops.probe.v1.ProbeService")
                .addMethod(
                    RECORD,
                    ServerCalls.asyncUnaryCall(
                        (request, observer) -> {
                          String requestId =
                              request.getValue().substring(0, request.getValue().indexOf(':'));
                          StringValue response =
                              IdempotentCommands.response(
                                  new TransactionalCommands(infrastructure.transactor())
                                      .decorate(
                                          infrastructure
                                              .idempotentCommands()
                                              .decorate(
                                                  RECORD.getFullMethodName(),
                                                  (Probe probe) -> {
                                                    EFFECTS.incrementAndGet();
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
                        }))
                .build();
    var job = new PeriodicJob("probe-count", Duration.ofMillis(100), JOB_RUNS::incrementAndGet);
    return new Application(
        List.of(service),
        MethodPolicy.builder()
            .allow(RECORD.getFullMethodName(), staff(Principal.Role.ADMIN))
            .build(),
        List.of(job),
        List.of());
  }

  private StringValue record(String value) {
    return ClientCalls.blockingUnaryCall(
        channel,
        RECORD,
        CallOptions.DEFAULT.withCallCredentials(TestTokens.bearer(environment.tokens().admin())),
        StringValue.of(value));
  }

  private ServingStatus health(String service) {
    return HealthGrpc.newBlockingStub(channel)
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }

  @Test
  void a_started_service_reports_serving_overall_and_for_its_events() {
    assertThat(health("")).isEqualTo(ServingStatus.SERVING);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> health(ServiceRuntime.EVENTS_HEALTH) == ServingStatus.SERVING);
  }

  @Test
  void a_started_service_reports_liveness_and_each_dependency() {
    assertThat(health(ServerHealth.LIVENESS)).isEqualTo(ServingStatus.SERVING);
    assertThat(health(ServiceRuntime.DATABASE_HEALTH)).isEqualTo(ServingStatus.SERVING);
    assertThat(health(ServiceRuntime.EVENTS_HISTORY_HEALTH)).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void a_retried_command_has_one_effect_one_event_and_the_same_response() throws Exception {
    String requestId = UUID.randomUUID().toString();
    int effectsBefore = EFFECTS.get();

    StringValue first = record(requestId + ":hello");
    StringValue retry = record(requestId + ":hello");

    assertThat(retry).isEqualTo(first);
    assertThat(EFFECTS.get()).isEqualTo(effectsBefore + 1);
    try (var connection = Nats.connect(environment.nats().url())) {
      var management = connection.jetStreamManagement();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                var message = management.getLastMessage("PROBE", "probe.recorded");
                assertThat(message.getHeaders().getFirst("ce-id")).isEqualTo(first.getValue());
              });
      // One message per recorded effect: the retry published nothing.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(management.getStreamInfo("PROBE").getStreamState().getMsgCount())
                      .isEqualTo(countRecords()));
    }
  }

  @Test
  void the_same_request_id_with_other_content_is_refused_and_changes_nothing() throws Exception {
    String requestId = UUID.randomUUID().toString();
    record(requestId + ":first");
    long recordsBefore = countRecords();

    assertThatThrownBy(() -> record(requestId + ":second"))
        .satisfies(
            e -> {
              assertThat(ErrorDetails.code(e)).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(ErrorDetails.reason(e)).isEqualTo("REQUEST_ID_REUSED");
            });
    assertThat(countRecords()).isEqualTo(recordsBefore);
  }

  @Test
  void the_process_measures_its_calls_outbox_pool_and_jvm_in_one_registry() throws Exception {
    assertThat(health("")).isEqualTo(ServingStatus.SERVING);
    record(UUID.randomUUID() + ":measured");

    Map<String, String> probeStream = Map.of("stream", "PROBE");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              var metrics = PrometheusText.parse(runtime.observability().scrape());
              assertThat(metrics.value("fieldops_outbox_published_total", probeStream))
                  .hasValueSatisfying(published -> assertThat(published).isPositive());
              assertThat(metrics.value("fieldops_outbox_backlog", probeStream)).contains(0.0);
            });
    var metrics = PrometheusText.parse(runtime.observability().scrape());
    assertThat(
            metrics.value(
                "grpc_server_call_duration_seconds_count",
                Map.of("grpc_method", "grpc.health.v1.Health/Check", "grpc_status", "OK")))
        .hasValueSatisfying(calls -> assertThat(calls).isPositive());
    assertThat(metrics.find("fieldops_outbox_publish_latency_seconds_count", probeStream))
        .isNotEmpty();
    assertThat(metrics.find("hikaricp_connections_active", Map.of())).isNotEmpty();
    assertThat(metrics.find("jvm_memory_used_bytes", Map.of("area", "heap"))).isNotEmpty();
    assertThat(runtime.observability().port()).as("METRICS_PORT unset: no endpoint").isEmpty();
  }

  @Test
  void periodic_jobs_run_while_the_service_runs() {
    await().atMost(Duration.ofSeconds(10)).until(() -> JOB_RUNS.get() >= 3);
  }

  @Test
  void an_invalid_setting_stops_the_start_naming_the_variable() {
    var env = new HashMap<>(environment.env());
    env.put("GRPC_PORT", "not-a-port");
    assertThatThrownBy(() -> ServiceRuntime.start(PROBE, env, ServiceRuntimeIT::wire))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GRPC_PORT");
  }

  @Test
  void a_start_without_tls_or_explicit_plaintext_is_refused_naming_the_variables() {
    var env = new HashMap<>(environment.env());
    env.remove("GRPC_PLAINTEXT");

    assertThatThrownBy(() -> ServiceRuntime.start(PROBE, env, ServiceRuntimeIT::wire))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContainingAll("GRPC_TLS_CERT_FILE", "GRPC_TLS_KEY_FILE", "GRPC_PLAINTEXT=true");
  }

  private long countRecords() throws Exception {
    try (var connection = environment.database().connect();
        var statement = connection.createStatement();
        var rs = statement.executeQuery("select count(*) from probe_record")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
