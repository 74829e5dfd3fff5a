package dev.fieldops.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Lets a request that cannot be parsed reach the interceptors as an ordinary refusal.
 *
 * <p>grpc-java parses a request message before any interceptor sees it, and when the message's
 * marshaller throws (bytes that are not protobuf, invalid UTF-8 in a string field, nesting deeper
 * than protobuf's recursion limit of 100) it closes the stream itself with {@code UNKNOWN:
 * Application error processing RPC}: no interceptor runs, so the caller gets no {@code ErrorInfo},
 * the access log never hears of the call, and the exception surfaces as a SEVERE stack trace from
 * the transport. Hostile input must not reach that path.
 *
 * <p>So every method of a service is registered with a marshaller that never throws: a message that
 * does not parse becomes a {@link Malformed} value, and the handler wrapper closes the call with
 * {@code INVALID_ARGUMENT}, reason {@value #MALFORMED_REQUEST}, the parser's diagnosis in the
 * message (and {@code message_index} in the metadata on a client stream). The wrapper sits inside
 * every interceptor, so the call is authenticated, authorized and logged like any other; the
 * handler never runs. The service's descriptor (and its schema, for reflection) stays as it was.
 */
final class RequestParsing {

  static final String MALFORMED_REQUEST = "MALFORMED_REQUEST";

  private RequestParsing() {}

  /** A request message that did not parse; what the tolerant marshaller hands on instead. */
  record Malformed(String diagnosis) {
    Malformed {
      Objects.requireNonNull(diagnosis, "diagnosis");
    }
  }

  /** The same service, with every method's request parsed tolerantly. */
  static ServerServiceDefinition tolerant(ServerServiceDefinition service, ErrorMapper errors) {
    ServiceDescriptor original = service.getServiceDescriptor();
    Map<String, MethodDescriptor<?, ?>> replaced = new HashMap<>();
    Map<String, ServerMethodDefinition<?, ?>> definitions = new HashMap<>();
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      ServerMethodDefinition<?, ?> tolerant = tolerant(method, errors);
      replaced.put(
          method.getMethodDescriptor().getFullMethodName(), tolerant.getMethodDescriptor());
      definitions.put(method.getMethodDescriptor().getFullMethodName(), tolerant);
    }
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(original.getName())
            .setSchemaDescriptor(original.getSchemaDescriptor());
    for (MethodDescriptor<?, ?> method : original.getMethods()) {
      descriptor.addMethod(replaced.getOrDefault(method.getFullMethodName(), method));
    }
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
    for (MethodDescriptor<?, ?> method : original.getMethods()) {
      builder.addMethod(definitions.get(method.getFullMethodName()));
    }
    return builder.build();
  }

  private static <ReqT, RespT> ServerMethodDefinition<Object, RespT> tolerant(
      ServerMethodDefinition<ReqT, RespT> method, ErrorMapper errors) {
    MethodDescriptor<ReqT, RespT> original = method.getMethodDescriptor();
    MethodDescriptor<Object, RespT> descriptor =
        original.toBuilder(
                new TolerantMarshaller<>(original.getRequestMarshaller()),
                original.getResponseMarshaller())
            .build();
    return ServerMethodDefinition.create(
        descriptor, new TolerantHandler<>(method.getServerCallHandler(), errors));
  }

  /**
   * Parses like the generated marshaller and turns a failure into a {@link Malformed} value. It
   * still answers as a {@link MethodDescriptor.PrototypeMarshaller} with the generated prototype,
   * for code that looks the request type up from a method descriptor.
   */
  private static final class TolerantMarshaller<ReqT>
      implements MethodDescriptor.PrototypeMarshaller<Object> {

    private final MethodDescriptor.Marshaller<ReqT> parser;

    TolerantMarshaller(MethodDescriptor.Marshaller<ReqT> parser) {
      this.parser = parser;
    }

    @Override
    @SuppressWarnings("unchecked")
    public InputStream stream(Object value) {
      return parser.stream((ReqT) value);
    }

    @Override
    public Object parse(InputStream stream) {
      try {
        return parser.parse(stream);
      } catch (RuntimeException e) {
        return new Malformed(diagnosis(e));
      }
    }

    @Override
    public Class<Object> getMessageClass() {
      @SuppressWarnings("unchecked")
      Class<Object> type =
          parser instanceof MethodDescriptor.ReflectableMarshaller<?> reflectable
              ? (Class<Object>) reflectable.getMessageClass()
              : Object.class;
      return type;
    }

    @Override
    public Object getMessagePrototype() {
      return parser instanceof MethodDescriptor.PrototypeMarshaller<?> prototype
          ? prototype.getMessagePrototype()
          : null;
    }

    /**
     * protobuf's own words, their first sentence ("Protocol message had invalid UTF-8."), never a
     * stack trace.
     */
    private static String diagnosis(RuntimeException failure) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        if (t instanceof InvalidProtocolBufferException invalid && invalid.getMessage() != null) {
          String words = invalid.getMessage();
          int end = words.indexOf(". ");
          return end < 0 ? words : words.substring(0, end + 1);
        }
      }
      if (failure instanceof StatusRuntimeException status
          && status.getStatus().getDescription() != null) {
        return status.getStatus().getDescription();
      }
      return "the message is not valid protobuf";
    }
  }

  /** Runs the generated handler with typed messages; closes the call on the first malformed one. */
  private static final class TolerantHandler<ReqT, RespT>
      implements ServerCallHandler<Object, RespT> {

    private final ServerCallHandler<ReqT, RespT> handler;
    private final ErrorMapper errors;

    TolerantHandler(ServerCallHandler<ReqT, RespT> handler, ErrorMapper errors) {
      this.handler = handler;
      this.errors = errors;
    }

    @Override
    @SuppressWarnings("unchecked")
    public ServerCall.Listener<Object> startCall(ServerCall<Object, RespT> call, Metadata headers) {
      // The generated handler only looks at the method's type and streams RespT out; the request
      // type it expects is exactly what the tolerant marshaller produces for a parsable message.
      ServerCall.Listener<ReqT> listener =
          handler.startCall((ServerCall<ReqT, RespT>) (ServerCall<?, RespT>) call, headers);
      return new TolerantListener<>((ServerCall.Listener<Object>) listener, call, errors);
    }
  }

  private static final class TolerantListener<RespT>
      extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Object> {

    private final ServerCall<Object, RespT> call;
    private final ErrorMapper errors;
    private final boolean clientStreams;
    private int messageIndex;
    private boolean rejected;

    TolerantListener(
        ServerCall.Listener<Object> delegate, ServerCall<Object, RespT> call, ErrorMapper errors) {
      super(delegate);
      this.call = call;
      this.errors = errors;
      this.clientStreams = !call.getMethodDescriptor().getType().clientSendsOneMessage();
    }

    @Override
    public void onMessage(Object message) {
      if (rejected) {
        return;
      }
      int index = messageIndex++;
      if (message instanceof Malformed(String diagnosis)) {
        rejected = true;
        String type =
            call.getMethodDescriptor().getRequestMarshaller()
                        instanceof MethodDescriptor.PrototypeMarshaller<?> marshaller
                    && marshaller.getMessagePrototype()
                        instanceof com.google.protobuf.Message prototype
                ? prototype.getDescriptorForType().getFullName()
                : "request";
        StatusRuntimeException error =
            errors.error(
                Status.Code.INVALID_ARGUMENT,
                MALFORMED_REQUEST,
                "malformed request: not a valid " + type + " (" + diagnosis + ")",
                clientStreams ? Map.of("message_index", Integer.toString(index)) : Map.of());
        call.close(
            error.getStatus(), error.getTrailers() == null ? new Metadata() : error.getTrailers());
        return;
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
  }
}
