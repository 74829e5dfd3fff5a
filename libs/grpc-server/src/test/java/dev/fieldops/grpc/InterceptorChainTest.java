package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import dev.fieldops.grpc.testing.v1.CollectRequest;
import dev.fieldops.grpc.testing.v1.CollectResponse;
import dev.fieldops.grpc.testing.v1.EchoRequest;
import dev.fieldops.grpc.testing.v1.EchoResponse;
import dev.fieldops.grpc.testing.v1.EchoServiceGrpc;
import dev.fieldops.grpc.testing.v1.Owner;
import dev.fieldops.grpc.testing.v1.WatchRequest;
import dev.fieldops.kernel.AlreadyExistsException;
import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.DomainException;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.Principal.Role;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.kernel.UnavailableException;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The real interceptor chain, in process, around a counting echo service. */
class InterceptorChainTest {

  private static TestAuth auth;
  private InProcessEcho server;

  @BeforeAll
  static void keys() {
    auth = TestAuth.create();
  }

  @AfterAll
  static void dropKeys() throws IOException {
    auth.close();
  }

  @BeforeEach
  void start() {
    server = new InProcessEcho(auth, Map.of("GRPC_DEFAULT_DEADLINE", "5s"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private EchoServiceGrpc.EchoServiceBlockingStub stub(String token) {
    return TestAuth.withToken(EchoServiceGrpc.newBlockingStub(server.channel), token)
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static EchoRequest hello() {
    return EchoRequest.newBuilder().setText("hello").build();
  }

  // --- authentication -------------------------------------------------------------------------

  @Test
  void a_call_without_a_token_is_unauthenticated_and_never_reaches_the_handler() {
    var stub =
        EchoServiceGrpc.newBlockingStub(server.channel).withDeadlineAfter(10, TimeUnit.SECONDS);

    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> stub.echo(hello()))
            .actual();

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(errorInfo(error).getReason()).isEqualTo("CREDENTIALS_MISSING");
    assertThat(server.service.invocations).hasValue(0);
  }

  static Stream<Arguments> refusedTokens() {
    return Stream.of(
        Arguments.of("garbage", "not-a-jwt"),
        Arguments.of("expired", auth.expired()),
        Arguments.of("wrong audience", auth.wrongAudience()),
        Arguments.of("wrong issuer", auth.wrongIssuer()),
        Arguments.of("signed by another key", auth.badlySigned()),
        Arguments.of("alg none", auth.unsigned()),
        Arguments.of("HS256 with the public key as secret", auth.hmacWithPublicKeyAsSecret()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedTokens")
  void a_bad_token_is_unauthenticated_and_never_reaches_the_handler(String kind, String token) {
    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> stub(token).echo(hello()))
            .actual();

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(errorInfo(error).getReason()).isIn("TOKEN_INVALID", "TOKEN_EXPIRED");
    assertThat(errorInfo(error).getDomain()).isEqualTo(InProcessEcho.ERROR_DOMAIN);
    assertThat(server.service.invocations).hasValue(0);
  }

  @Test
  void an_expired_token_says_so() {
    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> stub(auth.expired()).echo(hello()))
            .actual();

    assertThat(errorInfo(error).getReason()).isEqualTo("TOKEN_EXPIRED");
  }

  @Test
  void a_non_bearer_authorization_header_is_unauthenticated() {
    Metadata headers = new Metadata();
    headers.put(AuthenticationInterceptor.AUTHORIZATION, "Basic YWRtaW46YWRtaW4=");
    var stub =
        EchoServiceGrpc.newBlockingStub(server.channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));

    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> stub.echo(hello()))
            .actual();

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(server.service.invocations).hasValue(0);
  }

  @Test
  void the_handler_sees_the_authenticated_principal() {
    AtomicReference<Principal> seen = new AtomicReference<>();
    server.service.onEcho(
        (request, response) -> {
          seen.set(CallPrincipal.current());
          response.onNext(EchoResponse.getDefaultInstance());
          response.onCompleted();
        });

    stub(auth.customer("cust-42")).echo(hello());

    assertThat(seen.get()).isEqualTo(new Principal.Customer("customer-user", "cust-42"));
  }

  // --- authorization --------------------------------------------------------------------------

  @Test
  void a_role_the_policy_does_not_name_is_permission_denied_before_the_handler() {
    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> stub(auth.staff(Role.BILLING_CLERK)).echo(hello()))
            .actual();

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(errorInfo(error).getReason()).isEqualTo("METHOD_NOT_PERMITTED");
    assertThat(errorInfo(error).getMetadataMap())
        .containsEntry("method", "fieldops.grpc.testing.v1.EchoService/Echo");
    assertThat(server.service.invocations).hasValue(0);
  }

  @Test
  void a_device_may_not_use_a_staff_and_customer_method_but_may_use_its_own() {
    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> stub(auth.device("dev-1")).echo(hello()))
            .actual();
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);

    CollectResponse collected =
        collect(
                auth.device("dev-1"),
                List.of(
                    CollectRequest.newBuilder().setText("a").build(),
                    CollectRequest.newBuilder().setText("b").build()))
            .join();

    assertThat(collected.getText()).isEqualTo("ab");
  }

  @Test
  void a_service_principal_of_another_context_is_denied() {
    var stub =
        TestAuth.withToken(
            EchoServiceGrpc.newBlockingStub(server.channel), auth.service("invoicing"));

    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> stub.watch(WatchRequest.getDefaultInstance()).next())
            .actual();

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(server.service.invocations).hasValue(0);
  }

  // --- validation -----------------------------------------------------------------------------

  @Test
  void an_invalid_request_is_invalid_argument_naming_the_field_path() {
    EchoRequest invalid =
        EchoRequest.newBuilder()
            .setText("hello")
            .setOwner(Owner.newBuilder().setCustomerId("not a valid id!"))
            .build();

    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> stub(auth.staff(Role.ADMIN)).echo(invalid))
            .actual();

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(errorInfo(error).getReason()).isEqualTo("VALIDATION_FAILED");
    assertThat(errorInfo(error).getDomain()).isEqualTo(InProcessEcho.ERROR_DOMAIN);
    assertThat(badRequest(error).getFieldViolationsList())
        .extracting(BadRequest.FieldViolation::getField)
        .containsExactly("owner.customer_id");
    assertThat(server.service.invocations).hasValue(0);
  }

  @Test
  void a_timestamp_beyond_year_9999_is_invalid_argument_before_any_rule_compares_it() {
    EchoRequest farFuture =
        EchoRequest.newBuilder()
            .setText("hello")
            .setWhen(com.google.protobuf.Timestamp.newBuilder().setSeconds(253_402_300_800L))
            .build();

    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> stub(auth.staff(Role.ADMIN)).echo(farFuture))
            .actual();

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(errorInfo(error).getReason()).isEqualTo("VALIDATION_FAILED");
    assertThat(error.getStatus().getDescription())
        .isEqualTo(
            "invalid request: when: must be a time between 0001-01-01T00:00:00Z and "
                + "9999-12-31T23:59:59.999999999Z");
    assertThat(badRequest(error).getFieldViolationsList())
        .extracting(BadRequest.FieldViolation::getField)
        .containsExactly("when");
    assertThat(server.service.invocations).hasValue(0);
  }

  @Test
  void a_rule_that_cannot_be_evaluated_on_the_values_sent_refuses_the_request_naming_it() {
    EchoRequest centuriesApart =
        EchoRequest.newBuilder()
            .setText("hello")
            .setWhen(com.google.protobuf.Timestamp.newBuilder().setSeconds(-62_135_596_800L))
            .setUntil(com.google.protobuf.Timestamp.newBuilder().setSeconds(253_402_300_799L))
            .build();

    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> stub(auth.staff(Role.ADMIN)).echo(centuriesApart))
            .actual();

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(errorInfo(error).getReason()).isEqualTo("VALIDATION_FAILED");
    assertThat(badRequest(error).getFieldViolationsList())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getField()).isEqualTo("until");
              assertThat(v.getReason()).isEqualTo("until.within_31_days_of_when");
            });
    assertThat(server.service.invocations).hasValue(0);
  }

  @Test
  void money_with_a_whole_second_of_nanos_is_reported_at_its_nanos() {
    EchoRequest request =
        EchoRequest.newBuilder()
            .setText("hello")
            .setPrice(
                com.google.type.Money.newBuilder()
                    .setCurrencyCode("EUR")
                    .setUnits(1)
                    .setNanos(1_000_000_000))
            .build();

    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> stub(auth.staff(Role.ADMIN)).echo(request))
            .actual();

    assertThat(badRequest(error).getFieldViolationsList())
        .extracting(BadRequest.FieldViolation::getField, BadRequest.FieldViolation::getDescription)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "price.nanos", "must be between -999999999 and 999999999"));
  }

  @Test
  void every_violation_of_a_request_is_reported() {
    EchoRequest invalid =
        EchoRequest.newBuilder().setOwner(Owner.newBuilder().setCustomerId("bad id")).build();

    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> stub(auth.staff(Role.ADMIN)).echo(invalid))
            .actual();

    assertThat(badRequest(error).getFieldViolationsList())
        .extracting(BadRequest.FieldViolation::getField)
        .containsExactlyInAnyOrder("text", "owner.customer_id");
  }

  @Test
  void each_message_of_a_client_stream_is_validated() {
    CompletableFuture<CollectResponse> result =
        collect(
            auth.device("dev-1"),
            List.of(
                CollectRequest.newBuilder().setText("fine").build(),
                CollectRequest.newBuilder().setText("").build(),
                CollectRequest.newBuilder().setText("never delivered").build()));

    StatusRuntimeException error =
        (StatusRuntimeException)
            assertThatExceptionOfType(CompletionException.class)
                .isThrownBy(result::join)
                .actual()
                .getCause();

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badRequest(error).getFieldViolationsList())
        .extracting(BadRequest.FieldViolation::getField)
        .containsExactly("text");
    assertThat(errorInfo(error).getMetadataMap()).containsEntry("message_index", "1");
    assertThat(server.service.collectedMessages).hasValue(1);
  }

  // --- exception mapping ----------------------------------------------------------------------

  static Stream<Arguments> domainFailures() {
    return Stream.of(
        Arguments.of(
            NotFoundException.of("ticket", "t-1"), Status.Code.NOT_FOUND, "TICKET_NOT_FOUND"),
        Arguments.of(
            new RuleViolationException("TICKET_ALREADY_CLOSED", "the ticket is closed"),
            Status.Code.FAILED_PRECONDITION,
            "TICKET_ALREADY_CLOSED"),
        Arguments.of(
            ConcurrencyConflictException.etagMismatch("ticket", "t-1"),
            Status.Code.ABORTED,
            "ETAG_MISMATCH"),
        Arguments.of(
            new AlreadyExistsException(
                "PAYMENT_REFERENCE_TAKEN", "reference taken", Map.of("payment_reference", "p-9")),
            Status.Code.ALREADY_EXISTS,
            "PAYMENT_REFERENCE_TAKEN"),
        Arguments.of(
            new dev.fieldops.kernel.PermissionDeniedException(
                "ACTION_NOT_ALLOWED",
                "customers cannot resolve tickets",
                Map.of("action", "resolve")),
            Status.Code.PERMISSION_DENIED,
            "ACTION_NOT_ALLOWED"),
        Arguments.of(
            InvalidInputException.of(
                "MIXED_CURRENCIES", "invoice.lines[1].unit_price", "must be in EUR"),
            Status.Code.INVALID_ARGUMENT,
            "MIXED_CURRENCIES"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("domainFailures")
  void a_thrown_domain_exception_becomes_its_status_with_reason_and_domain(
      DomainException failure, Status.Code code, String reason) {
    server.service.echoThrows(failure);

    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> stub(auth.staff(Role.ADMIN)).echo(hello()))
            .actual();

    assertThat(error.getStatus().getCode()).isEqualTo(code);
    assertThat(error.getStatus().getDescription()).isEqualTo(failure.getMessage());
    assertThat(errorInfo(error).getReason()).isEqualTo(reason);
    assertThat(errorInfo(error).getDomain()).isEqualTo(InProcessEcho.ERROR_DOMAIN);
    assertThat(errorInfo(error).getMetadataMap()).isEqualTo(failure.metadata());
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("domainFailures")
  void a_domain_exception_passed_to_on_error_is_mapped_the_same_way(
      DomainException failure, Status.Code code, String reason) {
    server.service.onEcho((request, response) -> response.onError(failure));

    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> stub(auth.staff(Role.ADMIN)).echo(hello()))
            .actual();

    assertThat(error.getStatus().getCode()).isEqualTo(code);
    assertThat(errorInfo(error).getReason()).isEqualTo(reason);
  }

  @Test
  void invalid_input_from_the_domain_carries_its_field_violations() {
    server.service.echoThrows(
        InvalidInputException.of(
            "MIXED_CURRENCIES", "invoice.lines[1].unit_price", "must be in EUR"));

    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> stub(auth.staff(Role.ADMIN)).echo(hello()))
            .actual();

    assertThat(badRequest(error).getFieldViolationsList())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getField()).isEqualTo("invoice.lines[1].unit_price");
              assertThat(v.getDescription()).isEqualTo("must be in EUR");
            });
  }

  @Test
  void an_unexpected_exception_is_internal_and_reveals_nothing_of_it() {
    server.service.echoThrows(
        new IllegalStateException(
            "SELECT secret FROM customers WHERE id = 'cust-7'",
            new RuntimeException("password=hunter2")));

    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> stub(auth.staff(Role.ADMIN)).echo(hello()))
            .actual();

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(error.getStatus().getDescription())
        .matches("internal error; reference [0-9a-f-]{36}")
        .doesNotContain("SELECT", "secret", "cust-7", "hunter2", "IllegalStateException");
    assertThat(error.getTrailers().toString()).doesNotContain("SELECT", "hunter2");
    assertThat(errorInfo(error).getReason()).isEqualTo("INTERNAL");
    assertThat(error.getStatus().getDescription())
        .endsWith(errorInfo(error).getMetadataOrThrow("reference"));
  }

  @Test
  void a_lost_database_connection_in_the_cause_chain_is_unavailable() {
    // What the persistence library names a broken connection, wrapped by a transaction helper.
    server.service.echoThrows(
        new RuntimeException(
            "jOOQ wrapper",
            new UnavailableException(
                "DATABASE_UNAVAILABLE", "the database is unavailable; retry later", Map.of())));

    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> stub(auth.staff(Role.ADMIN)).echo(hello()))
            .actual();

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(errorInfo(error).getReason()).isEqualTo("DATABASE_UNAVAILABLE");
    assertThat(error.getStatus().getDescription()).doesNotContain("backend");
  }

  @Test
  void a_serialization_failure_is_aborted() {
    server.service.echoThrows(
        new RuntimeException(
            new ConcurrencyConflictException(
                "TRANSACTION_CONFLICT",
                "the change conflicted with a concurrent one; retry",
                Map.of())));

    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> stub(auth.staff(Role.ADMIN)).echo(hello()))
            .actual();

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
    assertThat(errorInfo(error).getReason()).isEqualTo("TRANSACTION_CONFLICT");
  }

  @Test
  void a_status_exception_thrown_by_the_handler_passes_through() {
    server.service.echoThrows(
        Status.RESOURCE_EXHAUSTED.withDescription("page too large").asRuntimeException());

    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> stub(auth.staff(Role.ADMIN)).echo(hello()))
            .actual();

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(error.getStatus().getDescription()).isEqualTo("page too large");
  }

  // --- deadlines ------------------------------------------------------------------------------

  @Test
  void a_call_without_a_deadline_gets_the_server_default() {
    AtomicReference<Deadline> seen = new AtomicReference<>();
    server.service.onEcho(
        (request, response) -> {
          seen.set(Context.current().getDeadline());
          response.onNext(EchoResponse.getDefaultInstance());
          response.onCompleted();
        });
    var noDeadline =
        TestAuth.withToken(EchoServiceGrpc.newBlockingStub(server.channel), auth.staff(Role.ADMIN));

    noDeadline.echo(hello());

    assertThat(seen.get()).isNotNull();
    assertThat(seen.get().timeRemaining(TimeUnit.MILLISECONDS)).isBetween(1L, 5_000L);
  }

  @Test
  void a_stream_without_a_deadline_stays_open_as_long_as_the_client_keeps_it() {
    var noDeadline =
        TestAuth.withToken(
            EchoServiceGrpc.newBlockingStub(server.channel), auth.service("telemetry"));

    noDeadline
        .watch(dev.fieldops.grpc.testing.v1.WatchRequest.newBuilder().setText("hi").build())
        .forEachRemaining(response -> {});

    assertThat(server.service.watchHadDeadline).isFalse();
  }

  @Test
  void a_client_deadline_is_kept() {
    AtomicReference<Deadline> seen = new AtomicReference<>();
    server.service.onEcho(
        (request, response) -> {
          seen.set(Context.current().getDeadline());
          response.onNext(EchoResponse.getDefaultInstance());
          response.onCompleted();
        });

    stub(auth.staff(Role.ADMIN)).withDeadlineAfter(60, TimeUnit.SECONDS).echo(hello());

    assertThat(seen.get().timeRemaining(TimeUnit.SECONDS)).isGreaterThan(30);
  }

  @Test
  void a_handler_outliving_the_default_deadline_is_cut_off_and_sees_the_cancellation()
      throws InterruptedException {
    server.close();
    server = new InProcessEcho(auth, Map.of("GRPC_DEFAULT_DEADLINE", "300ms"));
    CountDownLatch handlerSawCancellation = new CountDownLatch(1);
    server.service.onEcho(
        (request, response) -> {
          Context.current().addListener(c -> handlerSawCancellation.countDown(), Runnable::run);
          // Holds on until cancelled (bounded, so a broken interceptor fails rather than hangs).
          try {
            handlerSawCancellation.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    var noDeadline =
        TestAuth.withToken(EchoServiceGrpc.newBlockingStub(server.channel), auth.staff(Role.ADMIN));

    StatusRuntimeException error =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> noDeadline.echo(hello()))
            .actual();

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(handlerSawCancellation.await(5, TimeUnit.SECONDS)).isTrue();
  }

  // --- request ids ----------------------------------------------------------------------------

  @Test
  void the_request_id_sent_by_the_client_comes_back_and_is_visible_to_the_handler() {
    AtomicReference<String> seen = new AtomicReference<>();
    server.service.onEcho(
        (request, response) -> {
          seen.set(CallTrace.current().orElseThrow().requestId());
          response.onNext(EchoResponse.getDefaultInstance());
          response.onCompleted();
        });
    Metadata headers = new Metadata();
    headers.put(CallTrace.REQUEST_ID_HEADER, "req-123");
    AtomicReference<Metadata> responseHeaders = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();

    stub(auth.staff(Role.ADMIN))
        .withInterceptors(
            MetadataUtils.newAttachHeadersInterceptor(headers),
            MetadataUtils.newCaptureMetadataInterceptor(responseHeaders, trailers))
        .echo(hello());

    assertThat(seen.get()).isEqualTo("req-123");
    assertThat(responseHeaders.get().get(CallTrace.REQUEST_ID_HEADER)).isEqualTo("req-123");
  }

  @Test
  void a_request_id_is_generated_and_returned_even_for_a_refused_call() {
    AtomicReference<Metadata> responseHeaders = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    var stub =
        EchoServiceGrpc.newBlockingStub(server.channel)
            .withInterceptors(
                MetadataUtils.newCaptureMetadataInterceptor(responseHeaders, trailers));

    assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> stub.echo(hello()));

    assertThat(trailers.get().get(CallTrace.REQUEST_ID_HEADER)).matches("[0-9a-f-]{36}");
  }

  // --- helpers --------------------------------------------------------------------------------

  private CompletableFuture<CollectResponse> collect(String token, List<CollectRequest> messages) {
    CompletableFuture<CollectResponse> result = new CompletableFuture<>();
    var stub =
        TestAuth.withToken(EchoServiceGrpc.newStub(server.channel), token)
            .withDeadlineAfter(10, TimeUnit.SECONDS);
    StreamObserver<CollectRequest> requests =
        stub.collect(
            new StreamObserver<>() {
              @Override
              public void onNext(CollectResponse value) {
                result.complete(value);
              }

              @Override
              public void onError(Throwable t) {
                result.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                result.complete(null);
              }
            });
    messages.forEach(requests::onNext);
    requests.onCompleted();
    return result;
  }

  static ErrorInfo errorInfo(StatusRuntimeException error) {
    return detail(error, ErrorInfo.class);
  }

  static BadRequest badRequest(StatusRuntimeException error) {
    return detail(error, BadRequest.class);
  }

  private static <T extends com.google.protobuf.Message> T detail(
      StatusRuntimeException error, Class<T> type) {
    com.google.rpc.Status status = StatusProto.fromThrowable(error);
    assertThat(status).as("rich status of %s", error).isNotNull();
    return status.getDetailsList().stream()
        .filter(any -> any.is(type))
        .findFirst()
        .map(
            any -> {
              try {
                return any.unpack(type);
              } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
              }
            })
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + status));
  }
}
