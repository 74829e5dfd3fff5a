package dev.fieldops.commandline;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a command prints when it fails: one line that says what happened (for a gRPC error: the
 * status code, the {@code ErrorInfo} reason and the server's description, the field violations of a
 * {@code BadRequest}) and what to do about it, and the exit code that goes with it.
 *
 * <pre>
 *   ABORTED ETAG_MISMATCH: the ticket changed since it was read; read it again. What to do: read it again and repeat the change with its new etag
 * </pre>
 */
public record ErrorLine(String what, String advice, int exitCode) {

  /** The line, without the command's name. */
  public String text() {
    if (advice.isEmpty()) {
      return what;
    }
    return (what.endsWith(".") ? what : what + ".") + " What to do: " + advice;
  }

  /** Describes any failure of a command. */
  public static ErrorLine of(Throwable failure) {
    if (failure instanceof CommandFailure known) {
      return new ErrorLine(known.getMessage(), known.advice(), known.exitCode());
    }
    Optional<Status> status = grpcStatus(failure);
    if (status.isPresent()) {
      return ofGrpc(failure, status.get());
    }
    Optional<SQLException> sql = cause(failure, SQLException.class);
    if (sql.isPresent()) {
      return ofSql(sql.get());
    }
    Optional<IOException> io = cause(failure, IOException.class);
    if (io.isPresent()
        && String.valueOf(io.get().getMessage()).contains("Unable to connect to NATS")) {
      return new ErrorLine(
          "NATS did not answer: " + io.get().getMessage(),
          "is FieldOps running? ./fieldops up starts it; --nats or NATS_URL names another server",
          CommandLines.UNAVAILABLE);
    }
    if (io.isPresent() && cause(failure, ConnectException.class).isPresent()) {
      return new ErrorLine(
          rootMessage(failure),
          "is the server running and the address right?",
          CommandLines.UNAVAILABLE);
    }
    return new ErrorLine(
        failure.getClass().getSimpleName() + ": " + rootMessage(failure),
        "run it again with --verbose to see where it failed",
        CommandLines.FAILED);
  }

  private static ErrorLine ofGrpc(Throwable failure, Status status) {
    com.google.rpc.Status rich = StatusProto.fromThrowable(failure);
    String reason = "";
    String reference = "";
    String violations = "";
    if (rich != null) {
      for (var detail : rich.getDetailsList()) {
        try {
          if (detail.is(ErrorInfo.class)) {
            ErrorInfo info = detail.unpack(ErrorInfo.class);
            reason = info.getReason();
            reference = info.getMetadataOrDefault("reference", "");
          } else if (detail.is(BadRequest.class)) {
            violations =
                detail.unpack(BadRequest.class).getFieldViolationsList().stream()
                    .map(v -> v.getField() + ": " + v.getDescription())
                    .collect(Collectors.joining("; "));
          }
        } catch (com.google.protobuf.InvalidProtocolBufferException ignored) {
          // a detail we cannot read adds nothing to the line
        }
      }
    }
    Status.Code code = status.getCode();
    StringBuilder what = new StringBuilder(code.name());
    if (!reason.isEmpty()) {
      what.append(' ').append(reason);
    }
    String description = status.getDescription() == null ? "" : status.getDescription();
    if (code == Status.Code.UNAVAILABLE && status.getCause() != null) {
      // The transport's own exception names the address ("...: /127.0.0.1:50051"); its causes do
      // not.
      description =
          (description.isEmpty() ? "" : description + " ")
              + "("
              + firstLine(status.getCause())
              + ")";
    }
    if (!description.isEmpty()) {
      what.append(": ").append(description);
    }
    if (!violations.isEmpty()) {
      what.append(" [").append(violations).append(']');
    }
    return new ErrorLine(what.toString(), advice(code, reason, reference), exitCode(code));
  }

  private static String advice(Status.Code code, String reason, String reference) {
    return switch (code) {
      case UNAVAILABLE ->
          switch (reason) {
            case "" ->
                "is FieldOps running? ./fieldops up starts it; the command's address options name another server";
            default ->
                "retry in a moment; the service's log (.fieldops/logs/ for a local run) says more";
          };
      case DEADLINE_EXCEEDED ->
          "the service did not answer in time: retry, and look at its log (.fieldops/logs/ for a local run)";
      case UNAUTHENTICATED ->
          reason.equals("TOKEN_EXPIRED")
              ? "mint a fresh token: ./fieldops token --role ROLE"
              : "use a token signed with this system's key: ./fieldops token --role ROLE (tokens of another run's key are refused)";
      case PERMISSION_DENIED ->
          "use a token whose role may do this, e.g. ./fieldops token --role admin";
      case INVALID_ARGUMENT, OUT_OF_RANGE -> "correct the request as the message says";
      case NOT_FOUND -> "check the id (another customer's objects are not found either)";
      case ALREADY_EXISTS -> "it exists already: read it instead";
      case FAILED_PRECONDITION -> "the object's state does not allow this now: read it again";
      case ABORTED ->
          reason.equals("ETAG_MISMATCH")
              ? "read it again and repeat the change with its new etag"
              : "retry";
      case RESOURCE_EXHAUSTED -> "send less, or more slowly";
      case UNIMPLEMENTED ->
          "the server does not offer this call: is the address that of the right service?";
      case INTERNAL ->
          reference.isEmpty()
              ? "a defect in the service: its log has the stack trace"
              : "a defect in the service: its log has the stack trace under reference " + reference;
      default -> "run it again with --verbose for details";
    };
  }

  private static int exitCode(Status.Code code) {
    return switch (code) {
      case UNAVAILABLE, DEADLINE_EXCEEDED -> CommandLines.UNAVAILABLE;
      default -> CommandLines.FAILED;
    };
  }

  private static ErrorLine ofSql(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.startsWith("28")
        || (state.equals("08004") && String.valueOf(e.getMessage()).contains("authentication"))) {
      return new ErrorLine(
          "the database refused the login: " + e.getMessage(),
          "check DATABASE_USER and DATABASE_PASSWORD (./fieldops up writes them for a local run)",
          CommandLines.FAILED);
    }
    if (state.startsWith("08")) {
      return new ErrorLine(
          "the database did not answer: " + e.getMessage(),
          "is it running? DATABASE_URL names it (./fieldops up for a local run)",
          CommandLines.UNAVAILABLE);
    }
    return new ErrorLine(
        "database error " + state + ": " + e.getMessage(),
        "run it again with --verbose to see where it failed",
        CommandLines.FAILED);
  }

  /** The status of a gRPC failure anywhere in the cause chain. */
  private static Optional<Status> grpcStatus(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException e) {
        return Optional.of(e.getStatus());
      }
      if (t instanceof StatusException e) {
        return Optional.of(e.getStatus());
      }
    }
    return Optional.empty();
  }

  private static <T extends Throwable> Optional<T> cause(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }

  private static String firstLine(Throwable failure) {
    String message =
        failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    return message.lines().findFirst().orElse(message).strip();
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message).strip();
  }
}
