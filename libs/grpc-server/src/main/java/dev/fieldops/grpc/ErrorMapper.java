package dev.fieldops.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import dev.fieldops.kernel.AbandonedException;
import dev.fieldops.kernel.AlreadyExistsException;
import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.DomainException;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.kernel.Text;
import dev.fieldops.kernel.UnavailableException;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates failures into {@code google.rpc.Status} errors with an {@code ErrorInfo} whose domain
 * is the service's ({@code support.fieldops.dev}). This is the only place where exceptions meet
 * status codes:
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>Failure</th><th>Code</th><th>ErrorInfo reason</th></tr>
 *   <tr><td>{@link StatusRuntimeException}, {@link StatusException}</td><td>as thrown</td><td>as thrown</td></tr>
 *   <tr><td>{@link NotFoundException}</td><td>NOT_FOUND</td><td>the exception's</td></tr>
 *   <tr><td>{@link RuleViolationException}</td><td>FAILED_PRECONDITION</td><td>the exception's</td></tr>
 *   <tr><td>{@link ConcurrencyConflictException}</td><td>ABORTED</td><td>the exception's</td></tr>
 *   <tr><td>{@link AlreadyExistsException}</td><td>ALREADY_EXISTS</td><td>the exception's</td></tr>
 *   <tr><td>{@link PermissionDeniedException}</td><td>PERMISSION_DENIED</td><td>the exception's</td></tr>
 *   <tr><td>{@link InvalidInputException}</td><td>INVALID_ARGUMENT + BadRequest</td><td>the exception's</td></tr>
 *   <tr><td>{@link UnavailableException}</td><td>UNAVAILABLE</td><td>the exception's</td></tr>
 *   <tr><td>{@link AbandonedException}</td><td>DEADLINE_EXCEEDED (DEADLINE_PASSED) or CANCELLED
 *       (CALL_CANCELLED); the caller is gone and sees its own</td><td>the exception's</td></tr>
 *   <tr><td>a failure the {@link FailureTranslation} names</td><td>as the kernel exception it
 *       names (a lost database: UNAVAILABLE, DATABASE_UNAVAILABLE; a transaction conflict:
 *       ABORTED, TRANSACTION_CONFLICT)</td><td>the named exception's</td></tr>
 *   <tr><td>anything else</td><td>INTERNAL</td><td>INTERNAL</td></tr>
 * </table>
 *
 * <p>Exceptions are searched through their cause chain (a domain exception wrapped by a transaction
 * helper still maps to its own code). Which database failure is which is decided by the persistence
 * library alone (its translation is handed in); this class knows no SQLState. Domain messages are
 * written for callers; driver text and everything unexpected are not: those get a generic message,
 * and an unexpected failure is logged with a reference that the message repeats, so support can
 * find the stack trace without the caller ever seeing it. Every error is bounded in size ({@link
 * #MAX_TEXT_CHARACTERS}, {@link #MAX_VIOLATION_BYTES}) so that any client can read it.
 */
public final class ErrorMapper {

  public static final String INTERNAL = "INTERNAL";

  static final Context.Key<ErrorMapper> KEY = Context.key("fieldops-error-mapper");

  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");
  private static final Pattern REASON = Pattern.compile("[A-Z][A-Z0-9_]*");
  private static final int MAX_CAUSE_DEPTH = 32;

  /**
   * Bounds of what an error carries, so that its trailers stay far below the 8 KiB of metadata
   * clients accept, even when every character is an emoji (12 bytes percent-encoded in
   * grpc-message): the message and each text of a detail at most this many characters ...
   */
  static final int MAX_TEXT_CHARACTERS = 200;

  /** ... and the field violations of a BadRequest at most this many bytes. */
  static final int MAX_VIOLATION_BYTES = 2_048;

  private final String errorDomain;
  private final FailureTranslation translation;

  /**
   * A mapper that names no platform failure: everything but kernel exceptions is INTERNAL.
   *
   * @param errorDomain the {@code ErrorInfo.domain} of every error, {@code <context>.fieldops.dev}
   */
  public ErrorMapper(String errorDomain) {
    this(errorDomain, FailureTranslation.none());
  }

  /**
   * @param errorDomain the {@code ErrorInfo.domain} of every error, {@code <context>.fieldops.dev}
   * @param translation names platform failures (the database's) as kernel exceptions
   */
  public ErrorMapper(String errorDomain, FailureTranslation translation) {
    Objects.requireNonNull(errorDomain, "errorDomain");
    if (!DOMAIN.matcher(errorDomain).matches()) {
      throw new IllegalArgumentException(
          "error domain must look like support.fieldops.dev: " + errorDomain);
    }
    this.errorDomain = errorDomain;
    this.translation = Objects.requireNonNull(translation, "translation");
  }

  /**
   * The mapper of the call being served, for handlers that report failures through {@code
   * StreamObserver.onError}: {@code responseObserver.onError(ErrorMapper.current()
   * .toStatusException(e))}. (Passing the raw exception works too: the exception-mapping
   * interceptor maps an UNKNOWN status that carries a cause.)
   *
   * @throws IllegalStateException outside a call served through the FieldOps interceptors
   */
  public static ErrorMapper current() {
    ErrorMapper mapper = KEY.get();
    if (mapper == null) {
      throw new IllegalStateException("not inside a call served by GrpcServerRunner");
    }
    return mapper;
  }

  public String errorDomain() {
    return errorDomain;
  }

  /** The status a caller should see for {@code failure} (see the table above). */
  public StatusRuntimeException toStatusException(Throwable failure) {
    return map(failure, null);
  }

  /**
   * A rich error with an {@code ErrorInfo} of this service's domain, for adapters that detect a
   * failure themselves (an unreadable page token, for example).
   */
  public StatusRuntimeException error(
      Status.Code code, String reason, String message, Map<String, String> metadata) {
    return statusException(code, message, errorInfo(reason, metadata), List.of());
  }

  /**
   * As {@link #error}, plus a {@code google.rpc.RetryInfo} telling the caller how long to wait
   * before trying again (a rate limit's time until the next token).
   */
  public StatusRuntimeException retryableError(
      Status.Code code,
      String reason,
      String message,
      Map<String, String> metadata,
      java.time.Duration retryDelay) {
    RetryInfo retry =
        RetryInfo.newBuilder()
            .setRetryDelay(
                com.google.protobuf.Duration.newBuilder()
                    .setSeconds(retryDelay.getSeconds())
                    .setNanos(retryDelay.getNano()))
            .build();
    return statusException(code, message, errorInfo(reason, metadata), List.of(Any.pack(retry)));
  }

  /** INVALID_ARGUMENT with {@code BadRequest} field violations and an {@code ErrorInfo}. */
  public StatusRuntimeException invalidArgument(
      String reason,
      String message,
      List<BadRequest.FieldViolation> violations,
      Map<String, String> metadata) {
    return statusException(
        Status.Code.INVALID_ARGUMENT,
        message,
        errorInfo(reason, metadata),
        List.of(Any.pack(bounded(violations))));
  }

  /**
   * The field violations that fit {@value #MAX_VIOLATION_BYTES} bytes, each field and description
   * cut to {@value #MAX_TEXT_CHARACTERS} characters, and when some did not fit a last one saying
   * how many were left out. A list of 10,000 invalid items would otherwise make trailers of
   * megabytes, which clients refuse (grpc-java's limit is 8 KiB) with an INTERNAL of their own,
   * losing the answer and, on some clients, the connection with every call on it.
   */
  static BadRequest bounded(List<BadRequest.FieldViolation> violations) {
    BadRequest.Builder bounded = BadRequest.newBuilder();
    int size = 0;
    for (int i = 0; i < violations.size(); i++) {
      BadRequest.FieldViolation violation = violations.get(i);
      BadRequest.FieldViolation cut =
          violation.toBuilder()
              .setField(cut(violation.getField()))
              .setDescription(cut(violation.getDescription()))
              .setReason(cut(violation.getReason()))
              .build();
      int next = size + cut.getSerializedSize() + 3;
      if (next > MAX_VIOLATION_BYTES) {
        bounded.addFieldViolations(
            BadRequest.FieldViolation.newBuilder()
                .setDescription((violations.size() - i) + " more violations left out"));
        break;
      }
      bounded.addFieldViolations(cut);
      size = next;
    }
    return bounded.build();
  }

  private static String cut(String text) {
    return Text.atMost(text, MAX_TEXT_CHARACTERS)
        ? text
        : Text.truncate(text, MAX_TEXT_CHARACTERS - 1) + "…";
  }

  StatusRuntimeException map(Throwable failure, String fullMethodName) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    int depth = 0;
    for (Throwable t = failure;
        t != null && depth < MAX_CAUSE_DEPTH && seen.add(t);
        t = t.getCause(), depth++) {
      switch (t) {
        case StatusRuntimeException e -> {
          return e;
        }
        case StatusException e -> {
          return new StatusRuntimeException(e.getStatus(), e.getTrailers());
        }
        case DomainException e -> {
          return fromDomain(e);
        }
        default -> {}
      }
    }
    Optional<DomainException> named = translation.translate(failure);
    if (named.isPresent()) {
      // The caller sees the named exception; the log keeps what really happened.
      if (named.get() instanceof UnavailableException) {
        log.warn("{} while serving {}", named.get().reason(), describe(fullMethodName), failure);
      } else {
        log.info(
            "{} while serving {}: {}",
            named.get().reason(),
            describe(fullMethodName),
            failure.toString());
      }
      return fromDomain(named.get());
    }
    String reference = UUID.randomUUID().toString();
    log.error(
        "internal error; reference {} while serving {}",
        reference,
        describe(fullMethodName),
        failure);
    return error(
        Status.Code.INTERNAL,
        INTERNAL,
        "internal error; reference " + reference,
        Map.of("reference", reference));
  }

  private StatusRuntimeException fromDomain(DomainException e) {
    ErrorInfo info = errorInfo(e.reason(), e.metadata());
    return switch (e) {
      case NotFoundException nf ->
          statusException(Status.Code.NOT_FOUND, nf.getMessage(), info, List.of());
      case RuleViolationException rv ->
          statusException(Status.Code.FAILED_PRECONDITION, rv.getMessage(), info, List.of());
      case ConcurrencyConflictException cc ->
          statusException(Status.Code.ABORTED, cc.getMessage(), info, List.of());
      case AlreadyExistsException ae ->
          statusException(Status.Code.ALREADY_EXISTS, ae.getMessage(), info, List.of());
      case PermissionDeniedException pd ->
          statusException(Status.Code.PERMISSION_DENIED, pd.getMessage(), info, List.of());
      case UnavailableException un ->
          statusException(Status.Code.UNAVAILABLE, un.getMessage(), info, List.of());
      case AbandonedException ab ->
          statusException(
              ab.why() == AbandonedException.Why.DEADLINE_PASSED
                  ? Status.Code.DEADLINE_EXCEEDED
                  : Status.Code.CANCELLED,
              ab.getMessage(),
              info,
              List.of());
      case InvalidInputException ii -> {
        List<BadRequest.FieldViolation> violations =
            ii.violations().stream()
                .map(
                    v ->
                        BadRequest.FieldViolation.newBuilder()
                            .setField(v.field())
                            .setDescription(v.description())
                            .build())
                .toList();
        yield statusException(
            Status.Code.INVALID_ARGUMENT,
            ii.getMessage(),
            info,
            List.of(Any.pack(bounded(violations))));
      }
    };
  }

  ErrorInfo errorInfo(String reason, Map<String, String> metadata) {
    if (!REASON.matcher(reason).matches()) {
      throw new IllegalArgumentException("reason must be UPPER_SNAKE_CASE: " + reason);
    }
    ErrorInfo.Builder info = ErrorInfo.newBuilder().setReason(reason).setDomain(errorDomain);
    metadata.forEach((key, value) -> info.putMetadata(cut(key), cut(value)));
    return info.build();
  }

  private static StatusRuntimeException statusException(
      Status.Code code, String message, ErrorInfo info, List<Any> moreDetails) {
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage(message == null ? "" : cut(message))
            .addDetails(Any.pack(info))
            .addAllDetails(moreDetails)
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  private static String describe(String fullMethodName) {
    return fullMethodName == null ? "a call" : fullMethodName;
  }
}
