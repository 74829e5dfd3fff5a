package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import dev.fieldops.grpc.testing.v1.EchoRequest;
import dev.fieldops.grpc.testing.v1.EchoServiceGrpc;
import dev.fieldops.kernel.Principal.Role;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a client sees for oversized metadata, over a real socket, with the default limit of 8 KiB
 * (GRPC_MAX_METADATA_BYTES) and the transport's 4 × 8 KiB = 32 KiB.
 */
class MetadataLimitIT {

  private static final String ECHO = "/fieldops.grpc.testing.v1.EchoService/Echo";
  private static final Metadata.Key<String> PADDING =
      Metadata.Key.of("x-padding", Metadata.ASCII_STRING_MARSHALLER);

  private static TestAuth auth;
  private final EchoService echo = new EchoService();
  private GrpcServerRunner runner;
  private ManagedChannel channel;

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
    channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", runner.port(), InsecureChannelCredentials.create())
            .build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    runner.close();
  }

  @Test
  void metadata_within_the_limit_is_served() {
    assertThat(echoWithPadding(6_000).getText()).isEqualTo("x");
  }

  @Test
  void metadata_over_the_limit_is_resource_exhausted_with_a_reason_and_the_handler_never_runs() {
    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> echoWithPadding(9_000))
            .actual();

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(error.getStatus().getDescription())
        .matches("request metadata of \\d+ bytes exceeds the limit of 8192 bytes");
    ErrorInfo info = errorInfo(error);
    assertThat(info.getReason()).isEqualTo(MetadataLimitInterceptor.METADATA_TOO_LARGE);
    assertThat(info.getMetadataMap()).containsEntry("limit_bytes", "8192");
    assertThat(echo.invocations).hasValue(0);
  }

  @Test
  void up_to_the_transport_limit_any_http2_client_gets_the_grpc_status() throws Exception {
    RawHttp2.Answer answer =
        RawHttp2.call(
            runner.port(),
            ECHO,
            Map.of(
                "authorization",
                "Bearer " + auth.staff(Role.ADMIN),
                "x-padding",
                "a".repeat(30_000)),
            request());

    assertThat(answer.status()).isEqualTo("200");
    assertThat(answer.headers())
        .containsEntry("grpc-status", Integer.toString(Status.Code.RESOURCE_EXHAUSTED.value()));
    assertThat(answer.headers()).containsKey("grpc-status-details-bin");
  }

  @Test
  void beyond_the_transport_limit_http2_answers_431_and_resets_the_stream() throws Exception {
    RawHttp2.Answer answer =
        RawHttp2.call(
            runner.port(),
            ECHO,
            Map.of(
                "authorization",
                "Bearer " + auth.staff(Role.ADMIN),
                "x-padding",
                "a".repeat(40_000)),
            request());

    assertThat(answer.status()).isEqualTo("431");
    assertThat(answer.headers()).doesNotContainKey("grpc-status");
    assertThat(answer.resetCode()).as("RST_STREAM PROTOCOL_ERROR").isEqualTo(1);
    assertThat(echoWithPadding(10).getText()).as("other calls still served").isEqualTo("x");
  }

  @Test
  void a_header_block_far_beyond_the_transport_limit_closes_the_connection() throws Exception {
    RawHttp2.Answer answer =
        RawHttp2.call(runner.port(), ECHO, Map.of("x-padding", "a".repeat(100_000)), request());

    assertThat(answer.goAwayCode()).as("GOAWAY PROTOCOL_ERROR").isEqualTo(1);
  }

  @Test
  void a_grpc_java_client_refuses_to_send_beyond_the_transport_limit_itself() {
    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> echoWithPadding(40_000))
            .actual();

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(error.getCause())
        .hasMessageContaining("Header size exceeded max allowed size (32768)");
    assertThat(echo.invocations).hasValue(0);
  }

  private dev.fieldops.grpc.testing.v1.EchoResponse echoWithPadding(int characters) {
    Metadata headers = new Metadata();
    headers.put(PADDING, "a".repeat(characters));
    return TestAuth.withToken(EchoServiceGrpc.newBlockingStub(channel), auth.staff(Role.ADMIN))
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .echo(EchoRequest.newBuilder().setText("x").build());
  }

  private static byte[] request() {
    return EchoRequest.newBuilder().setText("x").build().toByteArray();
  }

  private static ErrorInfo errorInfo(StatusRuntimeException error) {
    com.google.rpc.Status rich = StatusProto.fromThrowable(error);
    assertThat(rich).isNotNull();
    return rich.getDetailsList().stream()
        .filter(detail -> detail.is(ErrorInfo.class))
        .map(MetadataLimitIT::unpack)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ErrorInfo in " + rich));
  }

  private static ErrorInfo unpack(Any detail) {
    try {
      return detail.unpack(ErrorInfo.class);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
