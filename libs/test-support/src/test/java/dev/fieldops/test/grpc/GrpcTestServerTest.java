package dev.fieldops.test.grpc;

import static dev.fieldops.grpc.Allow.customer;
import static dev.fieldops.grpc.Allow.staff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import dev.fieldops.grpc.CallPrincipal;
import dev.fieldops.grpc.MethodPolicy;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Principal;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The in-process test server runs the platform's real interceptors, as services' tests rely on. */
class GrpcTestServerTest {

  private static final MethodDescriptor<StringValue, StringValue> WHO_AM_I =
      MethodDescriptor.<StringValue, StringValue>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("fieldops.probe.v1.ProbeService/WhoAmI")
          .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
          .build();

  private static final AtomicInteger HANDLER_RUNS = new AtomicInteger();
  private static GrpcTestServer server;

  @BeforeAll
  static void start() {
    var service =
        ServerServiceDefinition.builder("fieldops.probe.v1.ProbeService")
            .addMethod(
                WHO_AM_I,
                ServerCalls.asyncUnaryCall(
                    (request, observer) -> {
                      HANDLER_RUNS.incrementAndGet();
                      if (request.getValue().equals("missing")) {
                        throw NotFoundException.of("probe", "missing");
                      }
                      Principal caller = CallPrincipal.current();
                      String who =
                          switch (caller) {
                            case Principal.Customer c -> "customer " + c.customerId();
                            case Principal.Staff s -> "staff " + s.subject();
                            default -> "other";
                          };
                      observer.onNext(StringValue.of(who));
                      observer.onCompleted();
                    }))
            .build();
    server =
        GrpcTestServer.builder("probe.fieldops.dev")
            .addService(service)
            .methodPolicy(
                MethodPolicy.builder()
                    .allow(WHO_AM_I.getFullMethodName(), customer(), staff(Principal.Role.ADMIN))
                    .build())
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private StringValue call(String token, String value) {
    var options =
        token == null
            ? CallOptions.DEFAULT
            : CallOptions.DEFAULT.withCallCredentials(TestTokens.bearer(token));
    return ClientCalls.blockingUnaryCall(
        server.channel(), WHO_AM_I, options, StringValue.of(value));
  }

  @Test
  void a_customer_token_reaches_the_handler_as_that_customer() {
    assertThat(call(server.tokens().customer("acme-1"), "hi").getValue())
        .isEqualTo("customer acme-1");
  }

  @Test
  void a_call_without_token_is_unauthenticated_and_never_reaches_the_handler() {
    int before = HANDLER_RUNS.get();
    assertThatThrownBy(() -> call(null, "hi"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    assertThatThrownBy(() -> call(server.tokens().expired(), "hi"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    assertThat(HANDLER_RUNS.get()).isEqualTo(before);
  }

  @Test
  void a_principal_outside_the_policy_is_denied() {
    assertThatThrownBy(() -> call(server.tokens().device("sensor-1"), "hi"))
        .satisfies(e -> assertThat(ErrorDetails.code(e)).isEqualTo(Status.Code.PERMISSION_DENIED));
  }

  @Test
  void domain_errors_arrive_with_their_reason_and_domain() {
    assertThatThrownBy(() -> call(server.tokens().admin(), "missing"))
        .satisfies(
            e -> {
              assertThat(ErrorDetails.code(e)).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(ErrorDetails.reason(e)).isEqualTo("PROBE_NOT_FOUND");
              assertThat(ErrorDetails.domain(e)).isEqualTo("probe.fieldops.dev");
              assertThat(ErrorDetails.metadata(e)).containsEntry("probe_id", "missing");
            });
  }
}
