package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import dev.fieldops.grpc.RawCalls.Outcome;
import dev.fieldops.grpc.testing.v1.CollectRequest;
import dev.fieldops.grpc.testing.v1.EchoRequest;
import dev.fieldops.grpc.testing.v1.EchoServiceGrpc;
import dev.fieldops.kernel.Principal.Role;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Requests whose bytes protobuf cannot parse, sent over a real socket: each is refused with
 * INVALID_ARGUMENT / MALFORMED_REQUEST and one access-log line, the handler never runs, and nothing
 * is logged above WARN.
 */
class MalformedRequestsIT {

  private static TestAuth auth;
  private final EchoService echo = new EchoService();
  private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
  private GrpcServerRunner runner;
  private ManagedChannel channel;
  private Capture capture;

  @BeforeAll
  static void keys() {
    auth = TestAuth.create();
  }

  @AfterAll
  static void dropKeys() throws java.io.IOException {
    auth.close();
  }

  @BeforeEach
  void start() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    capture = new Capture(events);
    capture.setContext(context);
    capture.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(capture);
    context.getLogger(AccessLogInterceptor.LOGGER_NAME).setLevel(Level.INFO);
    runner =
        GrpcServerRunner.builder(
                GrpcServerConfig.fromEnvironment(
                    Map.of("GRPC_BIND_ADDRESS", "127.0.0.1", "GRPC_PLAINTEXT", "true"), 0),
                auth.verifier,
                "echo.fieldops.dev")
            .addService(echo)
            .methodPolicy(EchoPolicy.POLICY)
            .build()
            .start();
    runner.markServing();
    channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", runner.port(), InsecureChannelCredentials.create())
            .build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    runner.close();
    ((LoggerContext) LoggerFactory.getILoggerFactory())
        .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        .detachAppender(capture);
    capture.stop();
  }

  @Test
  void bytes_that_are_not_protobuf_are_an_invalid_argument_not_an_application_error() {
    // field 1 (text), length-delimited, announcing 5 bytes of which only one follows
    Outcome outcome = echo(new byte[] {0x0A, 0x05, 0x41});

    assertMalformed(outcome, "the input ended unexpectedly in the middle of a field.)");
  }

  @Test
  void invalid_utf8_in_a_string_field_is_an_invalid_argument() {
    Outcome outcome = echo(new byte[] {0x0A, 0x02, (byte) 0xC3, 0x28});

    assertMalformed(outcome, "UTF-8");
  }

  @Test
  void nesting_deeper_than_the_recursion_limit_is_an_invalid_argument() {
    // 200 nested groups of the unknown field 15, then their ends: deeper than protobuf's 100
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < 200; i++) {
      bytes.write((15 << 3) | 3);
    }
    for (int i = 0; i < 200; i++) {
      bytes.write((15 << 3) | 4);
    }

    assertMalformed(echo(bytes.toByteArray()), "nesting");
  }

  @Test
  void the_malformed_message_of_a_client_stream_is_named_by_its_index() {
    byte[] valid = CollectRequest.newBuilder().setText("fine").build().toByteArray();
    Outcome outcome =
        RawCalls.call(
            channel,
            EchoServiceGrpc.getCollectMethod(),
            auth.staff(Role.ADMIN),
            List.of(valid, new byte[] {0x0A, 0x02, (byte) 0xFF, (byte) 0xFE}));

    assertThat(outcome.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    ErrorInfo info = errorInfo(outcome);
    assertThat(info.getReason()).isEqualTo(RequestParsing.MALFORMED_REQUEST);
    assertThat(info.getMetadataMap()).containsEntry("message_index", "1");
  }

  @Test
  void a_malformed_request_without_a_token_is_unauthenticated_first() {
    Outcome outcome =
        RawCalls.call(
            channel,
            EchoServiceGrpc.getEchoMethod(),
            "not-a-token",
            List.of(new byte[] {0x0A, 0x05, 0x41}));

    assertThat(outcome.status().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void a_well_formed_request_still_reaches_the_handler() {
    Outcome outcome = echo(EchoRequest.newBuilder().setText("fine").build().toByteArray());

    assertThat(outcome.status().getCode()).isEqualTo(Status.Code.OK);
    assertThat(echo.invocations).hasValue(1);
  }

  private Outcome echo(byte[] request) {
    return RawCalls.call(
        channel, EchoServiceGrpc.getEchoMethod(), auth.staff(Role.ADMIN), List.of(request));
  }

  private void assertMalformed(Outcome outcome, String diagnosis) {
    assertThat(outcome.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(outcome.status().getDescription())
        .startsWith("malformed request: not a valid fieldops.grpc.testing.v1.EchoRequest")
        .containsIgnoringCase(diagnosis);
    ErrorInfo info = errorInfo(outcome);
    assertThat(info.getReason()).isEqualTo(RequestParsing.MALFORMED_REQUEST);
    assertThat(info.getDomain()).isEqualTo("echo.fieldops.dev");
    assertThat(echo.invocations).hasValue(0);

    await().atMost(Duration.ofSeconds(5)).until(() -> accessLines().size() == 1);
    ILoggingEvent line = accessLines().getFirst();
    assertThat(line.getKeyValuePairs())
        .anySatisfy(
            kv -> {
              assertThat(kv.key).isEqualTo("status");
              assertThat(kv.value).isEqualTo("INVALID_ARGUMENT");
            })
        .anySatisfy(
            kv -> {
              assertThat(kv.key).isEqualTo("error_reason");
              assertThat(kv.value).isEqualTo(RequestParsing.MALFORMED_REQUEST);
            });
    assertThat(events).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR));
  }

  private List<ILoggingEvent> accessLines() {
    return events.stream()
        .filter(e -> e.getLoggerName().equals(AccessLogInterceptor.LOGGER_NAME))
        .toList();
  }

  private static ErrorInfo errorInfo(Outcome outcome) {
    com.google.rpc.Status rich =
        StatusProto.fromStatusAndTrailers(outcome.status(), outcome.trailers());
    assertThat(rich).as("a google.rpc.Status in the trailers").isNotNull();
    for (Any detail : rich.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          return detail.unpack(ErrorInfo.class);
        } catch (InvalidProtocolBufferException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError("no ErrorInfo in " + rich);
  }

  private static final class Capture extends AppenderBase<ILoggingEvent> {
    private final List<ILoggingEvent> events;

    Capture(List<ILoggingEvent> events) {
      this.events = events;
    }

    @Override
    protected void append(ILoggingEvent event) {
      events.add(event);
    }
  }
}
