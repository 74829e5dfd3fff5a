package dev.fieldops.observability;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Deadline;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A span per gRPC call, server and client, and the trace context that links them in the call's
 * metadata: written once here so that every service and every client channel gets the same spans.
 *
 * <p>Names and attributes follow OpenTelemetry's RPC conventions: the span is named {@code
 * package.Service/Method}, kind SERVER or CLIENT, with {@code rpc.system=grpc}, {@code
 * rpc.service}, {@code rpc.method}, {@code rpc.grpc.status_code}, {@code server.address}/{@code
 * server.port} (the call's authority) and, on the server, {@code network.peer.address}/{@code
 * network.peer.port}. A client span's status is ERROR for every code but OK; a server span's only
 * for the codes that mean the server failed ({@link #SERVER_ERRORS}): a refused argument or a
 * missing ticket is the caller's error, not the server's.
 *
 * <p>The server continues the caller's trace from the metadata through the SDK's configured
 * propagators (W3C {@code traceparent} by default) and makes its span's context current while the
 * next interceptors start the call and in every callback of the call's listener, on whatever thread
 * runs it: the handler's own spans, the trace ids of its log lines and the {@code traceparent} of
 * the events it writes all come from there. The client starts its span in the caller's current
 * context, sends it in the metadata, ends it when the call closes, and runs the caller's listener
 * in the caller's context.
 *
 * <p>Cost: attributes are set only on a span that records (an unsampled call gets a non-recording
 * span that only carries the context on), those of the method and authority made once per method;
 * per call there is one wrapper of the call and one of its listener, no other allocation of ours.
 * The context is carried in OpenTelemetry's own context storage only, independent of gRPC's {@link
 * io.grpc.Context}: nothing bridges the two (the OpenTelemetry instrumentation library did, for
 * every gRPC context operation of the process).
 */
final class GrpcTracing {

  /** The instrumentation scope of the RPC spans. */
  static final String SCOPE = "dev.fieldops.grpc";

  static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
  static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  static final AttributeKey<Long> RPC_GRPC_STATUS_CODE =
      AttributeKey.longKey("rpc.grpc.status_code");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> PEER_ADDRESS = AttributeKey.stringKey("network.peer.address");
  static final AttributeKey<Long> PEER_PORT = AttributeKey.longKey("network.peer.port");

  /** The codes that make a server span an error (OpenTelemetry's gRPC conventions). */
  static final Set<Status.Code> SERVER_ERRORS =
      EnumSet.of(
          Status.Code.UNKNOWN,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.UNIMPLEMENTED,
          Status.Code.INTERNAL,
          Status.Code.UNAVAILABLE,
          Status.Code.DATA_LOSS);

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final MetadataCarrier carrier;
  private final Map<MethodDescriptor<?, ?>, Described> described = new ConcurrentHashMap<>();

  GrpcTracing(OpenTelemetry openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    this.tracer = openTelemetry.getTracer(SCOPE);
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    this.carrier = new MetadataCarrier(propagator);
  }

  /** The server span of each call; add it to the server builder (it then runs first). */
  ServerInterceptor serverInterceptor() {
    return new ServerSpans();
  }

  /** The client span of each call; add it to the channel builder. */
  ClientInterceptor clientInterceptor() {
    return new ClientSpans();
  }

  /**
   * The attributes of a call's span that its method and authority give ({@code rpc.*}, {@code
   * server.*}), made once per method and reused while the authority stays the same (a channel's
   * authority never changes; a server's callers name the same one), so a recorded span gets them
   * without parsing or building anything. One entry per method: bounded by the methods served.
   */
  private Attributes describe(MethodDescriptor<?, ?> method, String authority) {
    Described last = described.get(method);
    if (last != null && Objects.equals(last.authority(), authority)) {
      return last.attributes();
    }
    Attributes attributes = attributesOf(method, authority);
    described.put(method, new Described(authority, attributes));
    return attributes;
  }

  private record Described(String authority, Attributes attributes) {}

  private static Attributes attributesOf(MethodDescriptor<?, ?> method, String authority) {
    AttributesBuilder attributes = Attributes.builder().put(RPC_SYSTEM, "grpc");
    String service = method.getServiceName();
    if (service != null) {
      attributes.put(RPC_SERVICE, service);
    }
    String bare = method.getBareMethodName();
    if (bare != null) {
      attributes.put(RPC_METHOD, bare);
    }
    if (authority == null || authority.isEmpty()) {
      return attributes.build();
    }
    // host, host:port, [v6]:port
    int colon = authority.lastIndexOf(':');
    boolean hasPort = colon > 0 && authority.indexOf(']', colon) < 0;
    String host = hasPort ? authority.substring(0, colon) : authority;
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    attributes.put(SERVER_ADDRESS, host);
    if (hasPort) {
      try {
        attributes.put(SERVER_PORT, Long.parseLong(authority.substring(colon + 1)));
      } catch (NumberFormatException e) {
        // not a port: the address alone
      }
    }
    return attributes.build();
  }

  /** Records how the call ended; {@code serverSide} chooses which codes are errors. */
  private static void end(Span span, Status status, boolean serverSide) {
    if (span.isRecording()) {
      span.setAttribute(RPC_GRPC_STATUS_CODE, (long) status.getCode().value());
      boolean error =
          serverSide
              ? SERVER_ERRORS.contains(status.getCode())
              : status.getCode() != Status.Code.OK;
      if (error) {
        String description = status.getDescription();
        span.setStatus(
            StatusCode.ERROR,
            description == null ? status.getCode().name() : status.getCode() + ": " + description);
        if (status.getCause() != null) {
          span.recordException(status.getCause());
        }
      }
    }
    span.end();
  }

  /** Reads and writes the propagators' fields in gRPC metadata, with their keys made once. */
  private static final class MetadataCarrier
      implements TextMapGetter<Metadata>, TextMapSetter<Metadata> {

    private final Map<String, Metadata.Key<String>> keys = new HashMap<>();

    MetadataCarrier(TextMapPropagator propagator) {
      for (String field : propagator.fields()) {
        keys.put(field, key(field));
      }
    }

    private Metadata.Key<String> keyFor(String name) {
      Metadata.Key<String> key = keys.get(name);
      return key != null ? key : key(name);
    }

    private static Metadata.Key<String> key(String name) {
      return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }

    @Override
    public Iterable<String> keys(Metadata metadata) {
      return metadata.keys();
    }

    @Override
    public String get(Metadata metadata, String name) {
      if (metadata == null || name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        return null;
      }
      return metadata.get(keyFor(name));
    }

    @Override
    public void set(Metadata metadata, String name, String value) {
      if (metadata == null || name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        return;
      }
      Metadata.Key<String> key = keyFor(name);
      metadata.removeAll(key);
      metadata.put(key, value);
    }
  }

  private final class ServerSpans implements ServerInterceptor {

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
        ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
      MethodDescriptor<ReqT, RespT> method = call.getMethodDescriptor();
      // From the root: whatever the transport thread has current is not this call's parent.
      Context parent = propagator.extract(Context.root(), headers, carrier);
      Span span =
          tracer
              .spanBuilder(method.getFullMethodName())
              .setParent(parent)
              .setSpanKind(SpanKind.SERVER)
              .startSpan();
      if (span.isRecording()) {
        span.setAllAttributes(describe(method, call.getAuthority()));
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        if (remote instanceof InetSocketAddress peer) {
          span.setAttribute(PEER_ADDRESS, peer.getHostString());
          span.setAttribute(PEER_PORT, (long) peer.getPort());
        }
      }
      Context context = parent.with(span);
      var tracedCall = new TracedServerCall<>(call, span);
      ServerCall.Listener<ReqT> listener;
      try (Scope ignored = context.makeCurrent()) {
        listener = next.startCall(tracedCall, headers);
      } catch (RuntimeException | Error e) {
        tracedCall.endOnce(Status.fromThrowable(e));
        throw e;
      }
      return new TracedServerListener<>(listener, tracedCall, context);
    }
  }

  /** Ends the span when the server closes the call, or when the call ends without a close. */
  private static final class TracedServerCall<ReqT, RespT>
      extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {

    private static final AtomicIntegerFieldUpdater<TracedServerCall> ENDED =
        AtomicIntegerFieldUpdater.newUpdater(TracedServerCall.class, "ended");

    private final Span span;
    private volatile int ended;

    TracedServerCall(ServerCall<ReqT, RespT> delegate, Span span) {
      super(delegate);
      this.span = span;
    }

    @Override
    public void close(Status status, Metadata trailers) {
      try {
        super.close(status, trailers);
      } finally {
        endOnce(status);
      }
    }

    void endOnce(Status status) {
      if (ENDED.compareAndSet(this, 0, 1)) {
        end(span, status, true);
      }
    }
  }

  /** Makes the call's context current in every callback; ends the span if nothing closed it. */
  private static final class TracedServerListener<ReqT>
      extends ForwardingServerCallListener.SimpleForwardingServerCallListener<ReqT> {

    private final TracedServerCall<ReqT, ?> call;
    private final Context context;

    TracedServerListener(
        ServerCall.Listener<ReqT> delegate, TracedServerCall<ReqT, ?> call, Context context) {
      super(delegate);
      this.call = call;
      this.context = context;
    }

    @Override
    public void onMessage(ReqT message) {
      try (Scope ignored = context.makeCurrent()) {
        super.onMessage(message);
      } catch (RuntimeException | Error e) {
        call.endOnce(Status.fromThrowable(e));
        throw e;
      }
    }

    @Override
    public void onHalfClose() {
      try (Scope ignored = context.makeCurrent()) {
        super.onHalfClose();
      } catch (RuntimeException | Error e) {
        call.endOnce(Status.fromThrowable(e));
        throw e;
      }
    }

    @Override
    public void onReady() {
      try (Scope ignored = context.makeCurrent()) {
        super.onReady();
      } catch (RuntimeException | Error e) {
        call.endOnce(Status.fromThrowable(e));
        throw e;
      }
    }

    @Override
    public void onCancel() {
      // The client cancelled, its deadline passed, or the transport failed before a close.
      Deadline deadline = io.grpc.Context.current().getDeadline();
      try (Scope ignored = context.makeCurrent()) {
        super.onCancel();
      } finally {
        call.endOnce(
            deadline != null && deadline.isExpired() ? Status.DEADLINE_EXCEEDED : Status.CANCELLED);
      }
    }

    @Override
    public void onComplete() {
      try (Scope ignored = context.makeCurrent()) {
        super.onComplete();
      } finally {
        // Closed through this call already, unless a failure closed the stream below it.
        call.endOnce(Status.OK);
      }
    }
  }

  private final class ClientSpans implements ClientInterceptor {

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
        MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
      return new TracedClientCall<>(
          next.newCall(method, callOptions), method, next.authority(), Context.current());
    }
  }

  /** Starts the span when the call starts (a call never started has none), ends it at close. */
  private final class TracedClientCall<ReqT, RespT>
      extends ForwardingClientCall.SimpleForwardingClientCall<ReqT, RespT> {

    private final MethodDescriptor<ReqT, RespT> method;
    private final String authority;
    private final Context parent;

    TracedClientCall(
        ClientCall<ReqT, RespT> delegate,
        MethodDescriptor<ReqT, RespT> method,
        String authority,
        Context parent) {
      super(delegate);
      this.method = method;
      this.authority = authority;
      this.parent = parent;
    }

    @Override
    public void start(Listener<RespT> responseListener, Metadata headers) {
      Span span =
          tracer
              .spanBuilder(method.getFullMethodName())
              .setParent(parent)
              .setSpanKind(SpanKind.CLIENT)
              .startSpan();
      if (span.isRecording()) {
        span.setAllAttributes(describe(method, authority));
      }
      propagator.inject(parent.with(span), headers, carrier);
      try {
        super.start(new TracedClientListener<>(responseListener, span, parent), headers);
      } catch (RuntimeException | Error e) {
        end(span, Status.fromThrowable(e), false);
        throw e;
      }
    }
  }

  /** Ends the client span at close; runs the caller's listener in the caller's context. */
  private static final class TracedClientListener<RespT>
      extends ForwardingClientCallListener.SimpleForwardingClientCallListener<RespT> {

    private final Span span;
    private final Context parent;

    TracedClientListener(ClientCall.Listener<RespT> delegate, Span span, Context parent) {
      super(delegate);
      this.span = span;
      this.parent = parent;
    }

    @Override
    public void onHeaders(Metadata headers) {
      try (Scope ignored = parent.makeCurrent()) {
        super.onHeaders(headers);
      }
    }

    @Override
    public void onMessage(RespT message) {
      try (Scope ignored = parent.makeCurrent()) {
        super.onMessage(message);
      }
    }

    @Override
    public void onReady() {
      try (Scope ignored = parent.makeCurrent()) {
        super.onReady();
      }
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      end(span, status, false);
      try (Scope ignored = parent.makeCurrent()) {
        super.onClose(status, trailers);
      }
    }
  }
}
