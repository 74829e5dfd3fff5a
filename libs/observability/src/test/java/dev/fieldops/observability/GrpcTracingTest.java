package dev.fieldops.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The platform's gRPC span interceptors over a real in-process server and channel, every span in
 * the SDK's in-memory exporter: the server continues the caller's {@code traceparent}, the client
 * sends its own, the status is recorded by the server's and the client's rules, a cancelled call's
 * span still ends (once), and an unsampled call records nothing yet carries its trace on.
 */
class GrpcTracingTest {

  private static final String SERVICE = "fieldops.test.v1.EchoService";
  private static final MethodDescriptor.Marshaller<String> TEXT =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
          return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
          try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        }
      };
  private static final MethodDescriptor<String, String> ECHO =
      MethodDescriptor.<String, String>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Echo"))
          .setRequestMarshaller(TEXT)
          .setResponseMarshaller(TEXT)
          .build();
  private static final Metadata.Key<String> TRACEPARENT =
      Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);

  private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN = "00f067aa0ba902b7";

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final AtomicReference<SpanContext> handlerSpan = new AtomicReference<>();
  private final AtomicReference<String> receivedTraceparent = new AtomicReference<>();
  private final CountDownLatch cancelled = new CountDownLatch(1);
  private OpenTelemetrySdk sdk;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    sdk.close();
  }

  @Test
  void the_server_span_continues_the_callers_traceparent_and_is_current_in_the_handler()
      throws Exception {
    serve(true, reply("pong"));
    connect(false);

    String answer =
        ClientCalls.blockingUnaryCall(
            withTraceparent("00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01"),
            ECHO,
            CallOptions.DEFAULT,
            "ping");

    assertThat(answer).isEqualTo("pong");
    SpanData server = only(SpanKind.SERVER);
    assertThat(server.getName()).isEqualTo(SERVICE + "/Echo");
    assertThat(server.getTraceId()).isEqualTo(CALLER_TRACE);
    assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN);
    assertThat(server.getInstrumentationScopeInfo().getName()).isEqualTo(GrpcTracing.SCOPE);
    assertThat(server.getAttributes().get(GrpcTracing.RPC_SYSTEM)).isEqualTo("grpc");
    assertThat(server.getAttributes().get(GrpcTracing.RPC_SERVICE)).isEqualTo(SERVICE);
    assertThat(server.getAttributes().get(GrpcTracing.RPC_METHOD)).isEqualTo("Echo");
    assertThat(server.getAttributes().get(GrpcTracing.RPC_GRPC_STATUS_CODE)).isEqualTo(0L);
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(handlerSpan.get()).isEqualTo(server.getSpanContext());
  }

  @Test
  void the_client_span_is_a_child_of_the_callers_span_and_travels_in_the_metadata() {
    serve(false, reply("pong"));
    connect(true);
    Span caller = sdk.getTracer("test").spanBuilder("caller").startSpan();

    try (Scope ignored = caller.makeCurrent()) {
      ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, "ping");
    } finally {
      caller.end();
    }

    SpanData client = only(SpanKind.CLIENT);
    assertThat(client.getName()).isEqualTo(SERVICE + "/Echo");
    assertThat(client.getTraceId()).isEqualTo(caller.getSpanContext().getTraceId());
    assertThat(client.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
    assertThat(client.getAttributes().get(GrpcTracing.RPC_SYSTEM)).isEqualTo("grpc");
    assertThat(client.getAttributes().get(GrpcTracing.RPC_SERVICE)).isEqualTo(SERVICE);
    assertThat(client.getAttributes().get(GrpcTracing.RPC_METHOD)).isEqualTo("Echo");
    assertThat(client.getAttributes().get(GrpcTracing.RPC_GRPC_STATUS_CODE)).isEqualTo(0L);
    assertThat(receivedTraceparent.get())
        .startsWith("00-" + client.getTraceId() + "-" + client.getSpanId() + "-");
  }

  @Test
  void a_refused_call_is_an_error_of_the_client_but_not_of_the_server() {
    serve(true, fail(Status.NOT_FOUND.withDescription("no ticket T-1")));
    connect(true);

    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, "x"))
        .isInstanceOf(StatusRuntimeException.class);

    SpanData server = only(SpanKind.SERVER);
    SpanData client = only(SpanKind.CLIENT);
    assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
    long notFound = Status.Code.NOT_FOUND.value();
    assertThat(server.getAttributes().get(GrpcTracing.RPC_GRPC_STATUS_CODE)).isEqualTo(notFound);
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(client.getAttributes().get(GrpcTracing.RPC_GRPC_STATUS_CODE)).isEqualTo(notFound);
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(client.getStatus().getDescription()).contains("NOT_FOUND").contains("no ticket T-1");
  }

  @Test
  void a_failure_of_the_server_is_an_error_on_both_sides() {
    serve(true, fail(Status.UNAVAILABLE.withDescription("database down")));
    connect(true);

    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, "x"))
        .isInstanceOf(StatusRuntimeException.class);

    long unavailable = Status.Code.UNAVAILABLE.value();
    for (SpanData span : List.of(only(SpanKind.SERVER), only(SpanKind.CLIENT))) {
      assertThat(span.getAttributes().get(GrpcTracing.RPC_GRPC_STATUS_CODE)).isEqualTo(unavailable);
      assertThat(span.getStatus().getStatusCode())
          .as(span.getKind().name())
          .isEqualTo(StatusCode.ERROR);
    }
  }

  @Test
  void a_call_cancelled_by_its_client_ends_its_server_span_once() throws Exception {
    // The handler never answers: only the cancellation can end the call.
    serve(true, (request, responses) -> {});
    connect(true);
    ClientCall<String, String> call = channel.newCall(ECHO, CallOptions.DEFAULT);
    ClientCalls.futureUnaryCall(call, "wait");
    await().atMost(Duration.ofSeconds(30)).until(() -> handlerSpan.get() != null);

    call.cancel("the caller gave up", null);

    assertThat(cancelled.await(30, TimeUnit.SECONDS)).isTrue();
    SpanData server = only(SpanKind.SERVER);
    assertThat(server.hasEnded()).isTrue();
    assertThat(server.getAttributes().get(GrpcTracing.RPC_GRPC_STATUS_CODE))
        .isEqualTo((long) Status.Code.CANCELLED.value());
    assertThat(server.getStatus().getStatusCode())
        .as("a cancelled call is not the server's failure")
        .isEqualTo(StatusCode.UNSET);
    assertThat(only(SpanKind.CLIENT).getAttributes().get(GrpcTracing.RPC_GRPC_STATUS_CODE))
        .isEqualTo((long) Status.Code.CANCELLED.value());
    assertThat(spans.getFinishedSpanItems()).hasSize(2);
  }

  @Test
  void an_unsampled_call_records_nothing_but_carries_its_trace_on() throws Exception {
    serve(true, reply("pong"));
    connect(false);
    String unsampled = "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-00";

    ClientCalls.blockingUnaryCall(withTraceparent(unsampled), ECHO, CallOptions.DEFAULT, "ping");
    SpanContext seen = handlerSpan.get();
    assertThat(seen.getTraceId()).isEqualTo(CALLER_TRACE);
    assertThat(seen.isValid()).isTrue();
    assertThat(seen.isSampled()).isFalse();
    // A sampled call after it: once its span is there, the unsampled one would be too.
    ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, "ping");

    SpanData server = only(SpanKind.SERVER);
    assertThat(server.getTraceId()).isNotEqualTo(CALLER_TRACE);
    assertThat(spans.getFinishedSpanItems())
        .extracting(SpanData::getTraceId)
        .doesNotContain(CALLER_TRACE);
  }

  /** The handler: records the span current while it runs, then answers with {@code answer}. */
  private interface Handler {
    void handle(String request, StreamObserver<String> responses);
  }

  private Handler reply(String answer) {
    return (request, responses) -> {
      responses.onNext(answer);
      responses.onCompleted();
    };
  }

  private Handler fail(Status status) {
    return (request, responses) -> responses.onError(status.asRuntimeException());
  }

  private void serve(boolean traced, Handler handler) {
    ServerServiceDefinition echo =
        ServerServiceDefinition.builder(SERVICE)
            .addMethod(
                ECHO,
                ServerCalls.asyncUnaryCall(
                    (request, responses) -> {
                      io.grpc.Context.current()
                          .addListener(context -> cancelled.countDown(), Runnable::run);
                      handlerSpan.set(Span.current().getSpanContext());
                      handler.handle(request, responses);
                    }))
            .build();
    ServerInterceptor recordTraceparent =
        new ServerInterceptor() {
          @Override
          public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
              ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
            receivedTraceparent.set(headers.get(TRACEPARENT));
            return next.startCall(call, headers);
          }
        };
    String name = InProcessServerBuilder.generateName();
    var builder =
        InProcessServerBuilder.forName(name)
            .addService(ServerInterceptors.intercept(echo, recordTraceparent));
    if (traced) {
      builder.intercept(new GrpcTracing(sdk).serverInterceptor());
    }
    try {
      server = builder.build().start();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    serverName = name;
  }

  private String serverName;

  private void connect(boolean traced) {
    var builder = InProcessChannelBuilder.forName(serverName);
    if (traced) {
      builder.intercept(new GrpcTracing(sdk).clientInterceptor());
    }
    channel = builder.build();
  }

  /** The channel, sending {@code traceparent} as an outside caller would. */
  private io.grpc.Channel withTraceparent(String traceparent) {
    var headers = new Metadata();
    headers.put(TRACEPARENT, traceparent);
    return io.grpc.ClientInterceptors.intercept(
        channel, MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /** The one span of {@code kind}, once it ended (a server span ends just after its close). */
  private SpanData only(SpanKind kind) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> spans.getFinishedSpanItems().stream().anyMatch(s -> s.getKind() == kind));
    var ofKind = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == kind).toList();
    assertThat(ofKind).as("%s spans in %s", kind, spans.getFinishedSpanItems()).hasSize(1);
    return ofKind.get(0);
  }
}
