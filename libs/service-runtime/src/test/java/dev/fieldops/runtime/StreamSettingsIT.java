package dev.fieldops.runtime;

import static dev.fieldops.grpc.Allow.staff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import dev.fieldops.config.ConfigException;
import dev.fieldops.grpc.MethodPolicy;
import dev.fieldops.jooq.MigrationSet;
import dev.fieldops.kernel.Principal;
import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.StreamProvisioner;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.nats.StreamStatus;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.nats.outbox.OutboxEvent;
import dev.fieldops.test.TestEnvironment;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A whole service on a stream whose limits an operator changed: it serves, publishes, reports the
 * difference on {@code fieldops.events} (not on readiness) and never reverts the stream; {@code
 * ./fieldops stream update} brings the two in line.
 */
class StreamSettingsIT {

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
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** A service needs an RPC; this one is never called. */
  private static final MethodDescriptor<StringValue, StringValue> ECHO =
      MethodDescriptor.<StringValue, StringValue>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("fieldops.probe.v1.ProbeService/Echo")
          .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
          .build();

  private static final BindableService ECHO_SERVICE =
      () ->
          ServerServiceDefinition.builder("fieldops.probe.v1.ProbeService")
              .addMethod(
                  ECHO,
                  ServerCalls.asyncUnaryCall(
                      (request, observer) -> {
                        observer.onNext(request);
                        observer.onCompleted();
                      }))
              .build();

  private TestEnvironment environment;
  private ServiceRuntime runtime;
  private ManagedChannel channel;
  private TrackedConnection operator;

  @BeforeEach
  void prepare() throws Exception {
    environment = TestEnvironment.create();
    operator =
        NatsConnections.connect(NatsConfig.forUrl(environment.nats().url(), "operator-test"));
  }

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (runtime != null) {
      runtime.close();
    }
    operator.close();
    environment.close();
  }

  @Test
  void a_service_on_a_stream_an_operator_changed_serves_reports_it_and_never_reverts_it()
      throws Exception {
    // The operator keeps a month and 2 GiB; the service's settings say the defaults.
    new StreamProvisioner(operator)
        .provision(PROBE.stream().withMaxAge(Duration.ofDays(30)).withMaxBytes(2L << 30));

    start(environment.env());

    await()
        .atMost(PATIENCE)
        .until(() -> health(ServiceRuntime.EVENTS_HEALTH) == ServingStatus.NOT_SERVING);
    assertThat(health("")).as("readiness").isEqualTo(ServingStatus.SERVING);
    assertThat(runtime.streamStatus().state()).isEqualTo(StreamStatus.State.DRIFTED);
    assertThat(runtime.streamStatus().detail())
        .contains("max age PT720H (expected PT168H)")
        .contains("max bytes 2147483648 (expected 1073741824)");
    recordEvent();
    await().atMost(PATIENCE).until(() -> messages() == 1);
    assertThat(maxAge()).as("never reverted").isEqualTo(Duration.ofDays(30));

    StringWriter out = new StringWriter();
    int code =
        new StreamCommand(PROBE, environment.env())
            .execute(
                new String[] {"update"}, new PrintWriter(out), new PrintWriter(new StringWriter()));

    assertThat(code).isZero();
    assertThat(out.toString()).contains("stream PROBE updated");
    await()
        .atMost(PATIENCE)
        .until(() -> health(ServiceRuntime.EVENTS_HEALTH) == ServingStatus.SERVING);
    assertThat(runtime.streamStatus().state()).isEqualTo(StreamStatus.State.READY);
    assertThat(maxAge()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void a_missing_stream_is_created_with_the_settings() throws Exception {
    Map<String, String> env = new HashMap<>(environment.env());
    env.put("EVENTS_STREAM_MAX_AGE", "3d");
    env.put("EVENTS_STREAM_MAX_BYTES", "512MiB");
    env.put("EVENTS_STREAM_DUPLICATE_WINDOW", "5m");

    start(env);

    await()
        .atMost(PATIENCE)
        .until(() -> health(ServiceRuntime.EVENTS_HEALTH) == ServingStatus.SERVING);
    var config = operator.management().getStreamInfo("PROBE").getConfiguration();
    assertThat(config.getMaxAge()).isEqualTo(Duration.ofDays(3));
    assertThat(config.getMaxBytes()).isEqualTo(512L << 20);
    assertThat(config.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.getReplicas()).isEqualTo(1);
  }

  @Test
  void an_invalid_setting_stops_the_start_naming_the_variable() {
    Map<String, String> env = new HashMap<>(environment.env());
    env.put("EVENTS_STREAM_REPLICAS", "9");

    assertThatThrownBy(() -> start(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "EVENTS_STREAM_REPLICAS: invalid value '9', expected a whole number from 1 to 5");
  }

  private void start(Map<String, String> env) throws Exception {
    runtime =
        ServiceRuntime.start(
            PROBE,
            env,
            infrastructure ->
                new Application(
                    List.of(ECHO_SERVICE),
                    MethodPolicy.builder()
                        .allow(ECHO.getFullMethodName(), staff(Principal.Role.ADMIN))
                        .build(),
                    List.of(),
                    List.of()));
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", runtime.port()).usePlaintext().build();
  }

  private void recordEvent() {
    Infrastructure infrastructure = runtime.infrastructure();
    String aggregate = UUID.randomUUID().toString();
    infrastructure
        .transactor()
        .run(
            tx ->
                infrastructure
                    .outbox()
                    .append(
                        tx,
                        OutboxEvent.protobuf(
                            UUID.randomUUID(),
                            "probe",
                            aggregate,
                            1,
                            "probe.recorded",
                            "google.protobuf.StringValue",
                            "drifted".getBytes(StandardCharsets.UTF_8),
                            infrastructure.clock().instant())));
  }

  private long messages() throws Exception {
    return operator.management().getStreamInfo("PROBE").getStreamState().getMsgCount();
  }

  private Duration maxAge() throws Exception {
    return operator.management().getStreamInfo("PROBE").getConfiguration().getMaxAge();
  }

  private ServingStatus health(String service) {
    return HealthGrpc.newBlockingStub(channel)
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }
}
