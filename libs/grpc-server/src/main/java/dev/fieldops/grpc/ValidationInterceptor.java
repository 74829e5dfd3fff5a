package dev.fieldops.grpc;

import build.buf.protovalidate.ValidationResult;
import build.buf.protovalidate.Validator;
import build.buf.protovalidate.exceptions.ExecutionException;
import build.buf.protovalidate.exceptions.ValidationException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import dev.fieldops.kernel.InvalidInputException;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.List;
import java.util.Map;

/**
 * Checks every request message, including each message of a client stream, first for well-formed
 * well-known values ({@link WellFormedValues}: timestamps, durations, money), then against its
 * protovalidate rules, before the handler sees it. The first invalid message closes the call with
 * INVALID_ARGUMENT (ErrorInfo reason {@value #VALIDATION_FAILED}) and a {@code BadRequest} whose
 * field violations name the offending field by its full path ({@link RequestViolations}: {@code
 * ticket.customer_id}, {@code lines[2].unit_price}); that message and everything after it are never
 * delivered, so handlers can rely on the declared rules.
 */
final class ValidationInterceptor implements ServerInterceptor {

  static final String VALIDATION_FAILED = "VALIDATION_FAILED";

  private final Validator validator;
  private final ErrorMapper errors;

  ValidationInterceptor(Validator validator, ErrorMapper errors) {
    this.validator = validator;
    this.errors = errors;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    MethodDescriptor<ReqT, RespT> method = call.getMethodDescriptor();
    if (PlatformMethods.isPublic(method.getFullMethodName())) {
      return next.startCall(call, headers);
    }
    boolean clientStreams = !method.getType().clientSendsOneMessage();
    return new ValidatingListener<>(next.startCall(call, headers), call, clientStreams);
  }

  private final class ValidatingListener<ReqT>
      extends ForwardingServerCallListener.SimpleForwardingServerCallListener<ReqT> {

    private final ServerCall<ReqT, ?> call;
    private final boolean clientStreams;
    private int messageIndex;
    private boolean rejected;

    ValidatingListener(
        ServerCall.Listener<ReqT> delegate, ServerCall<ReqT, ?> call, boolean clientStreams) {
      super(delegate);
      this.call = call;
      this.clientStreams = clientStreams;
    }

    @Override
    public void onMessage(ReqT message) {
      if (rejected) {
        return;
      }
      int index = messageIndex++;
      if (message instanceof Message protobuf) {
        List<InvalidInputException.FieldViolation> illFormed =
            WellFormedValues.violations(protobuf);
        if (!illFormed.isEmpty()) {
          rejected = true;
          reject(
              illFormed.stream()
                  .map(
                      v ->
                          BadRequest.FieldViolation.newBuilder()
                              .setField(v.field())
                              .setDescription(v.description())
                              .build())
                  .toList(),
              index);
          return;
        }
        ValidationResult result;
        try {
          result = validator.validate(protobuf);
        } catch (ExecutionException e) {
          // Every rule compiled at start, so one that fails to evaluate fails on this request's
          // values (arithmetic on timestamps centuries apart overflows): it cannot be judged, and
          // is refused naming the rule, rather than answered INTERNAL.
          rejected = true;
          reject(List.of(RequestViolations.unevaluable(protobuf.getDescriptorForType(), e)), index);
          return;
        } catch (ValidationException e) {
          // Anything else is our defect, not the caller's: INTERNAL via mapping.
          throw new IllegalStateException(
              "cannot validate " + protobuf.getDescriptorForType().getFullName(), e);
        }
        if (!result.isSuccess()) {
          rejected = true;
          reject(
              RequestViolations.of(protobuf.getDescriptorForType(), result.getViolations()), index);
          return;
        }
      }
      super.onMessage(message);
    }

    @Override
    public void onHalfClose() {
      if (!rejected) {
        super.onHalfClose();
      }
    }

    @Override
    public void onReady() {
      if (!rejected) {
        super.onReady();
      }
    }

    private void reject(List<BadRequest.FieldViolation> fields, int index) {
      String first =
          fields.getFirst().getField().isEmpty()
              ? fields.getFirst().getDescription()
              : fields.getFirst().getField() + ": " + fields.getFirst().getDescription();
      Map<String, String> metadata =
          clientStreams ? Map.of("message_index", Integer.toString(index)) : Map.of();
      var error =
          errors.invalidArgument(VALIDATION_FAILED, "invalid request: " + first, fields, metadata);
      call.close(
          error.getStatus(), error.getTrailers() == null ? new Metadata() : error.getTrailers());
    }
  }
}
