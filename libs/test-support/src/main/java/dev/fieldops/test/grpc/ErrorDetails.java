package dev.fieldops.test.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the rich error details of a failed call for assertions:
 *
 * <pre>{@code
 * var error = assertThatExceptionOfType(StatusRuntimeException.class)
 *     .isThrownBy(() -> stub.resolveTicket(request))
 *     .actual();
 * assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.FAILED_PRECONDITION);
 * assertThat(ErrorDetails.reason(error)).isEqualTo("TICKET_ALREADY_CLOSED");
 * assertThat(ErrorDetails.fieldViolationPaths(error)).containsExactly("ticket.customer_id");
 * }</pre>
 */
public final class ErrorDetails {

  private ErrorDetails() {}

  /** The status code of a {@code StatusRuntimeException} or {@code StatusException}. */
  public static Status.Code code(Throwable error) {
    return Status.fromThrowable(error).getCode();
  }

  /** The {@code ErrorInfo} detail, if the error carries one. */
  public static Optional<ErrorInfo> errorInfo(Throwable error) {
    return detail(error, ErrorInfo.class);
  }

  /**
   * The {@code ErrorInfo.reason}.
   *
   * @throws AssertionError when the error has no {@code ErrorInfo}
   */
  public static String reason(Throwable error) {
    return requireErrorInfo(error).getReason();
  }

  /** The {@code ErrorInfo.domain} ({@code support.fieldops.dev}). */
  public static String domain(Throwable error) {
    return requireErrorInfo(error).getDomain();
  }

  /** The {@code ErrorInfo.metadata}. */
  public static Map<String, String> metadata(Throwable error) {
    return requireErrorInfo(error).getMetadataMap();
  }

  /** The {@code BadRequest} detail, if any. */
  public static Optional<BadRequest> badRequest(Throwable error) {
    return detail(error, BadRequest.class);
  }

  /** The field paths of the {@code BadRequest} violations, in order; empty without one. */
  public static List<String> fieldViolationPaths(Throwable error) {
    return badRequest(error)
        .map(
            b ->
                b.getFieldViolationsList().stream()
                    .map(BadRequest.FieldViolation::getField)
                    .toList())
        .orElse(List.of());
  }

  /** Any detail of the given type. */
  public static <T extends Message> Optional<T> detail(Throwable error, Class<T> type) {
    com.google.rpc.Status status = StatusProto.fromThrowable(error);
    if (status == null) {
      return Optional.empty();
    }
    for (Any any : status.getDetailsList()) {
      if (any.is(type)) {
        try {
          return Optional.of(any.unpack(type));
        } catch (InvalidProtocolBufferException e) {
          throw new AssertionError("undecodable " + type.getSimpleName() + " detail", e);
        }
      }
    }
    return Optional.empty();
  }

  private static ErrorInfo requireErrorInfo(Throwable error) {
    return errorInfo(error)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no google.rpc.ErrorInfo in " + Status.fromThrowable(error), error));
  }
}
