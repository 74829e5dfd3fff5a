package dev.fieldops.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import dev.fieldops.kernel.UuidV7;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One structured log line per call on the logger {@value #LOGGER_NAME}, with the key-value pairs
 * {@code method}, {@code status}, {@code duration_ms}, {@code peer}, {@code subject} (the caller,
 * when authenticated) and {@code error_reason} (the ErrorInfo reason of a failure), plus the MDC
 * keys {@code request_id}, {@code trace_id} and {@code span_id}. With the JSON encoder of {@code
 * dev/fieldops/grpc/logback-json.xml} each becomes a field of one JSON line.
 *
 * <p>It also establishes the call's {@link CallTrace}: the client's {@code x-request-id} is kept
 * (or one is generated) and returned in the response headers (in the trailers of a response that
 * sends none), and {@code request_id}/{@code trace_id}/{@code span_id} are in the MDC during every
 * callback, so the handler's own log lines carry them too. The trace and span are the call's server
 * span when the server records spans (observability's span interceptor runs before this one), else
 * the trace of the client's {@code traceparent}. Health checks are logged at DEBUG: probes would
 * drown everything else.
 */
final class AccessLogInterceptor implements ServerInterceptor {

  static final String LOGGER_NAME = "dev.fieldops.grpc.access";
  static final String MDC_REQUEST_ID = "request_id";
  static final String MDC_TRACE_ID = "trace_id";
  static final String MDC_SPAN_ID = "span_id";

  private static final Logger access = LoggerFactory.getLogger(LOGGER_NAME);
  private static final Context.Key<CallRecord> RECORD = Context.key("fieldops-access-record");

  private final UuidV7 ids = UuidV7.correlationIds();

  /** Lets the authentication interceptor (further in) name the caller in this call's line. */
  static void recordSubject(String subject) {
    CallRecord record = RECORD.get();
    if (record != null) {
      record.subject = subject;
    }
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    long startNanos = System.nanoTime();
    String clientRequestId = headers.get(CallTrace.REQUEST_ID_HEADER);
    String requestId =
        CallTrace.isAcceptableRequestId(clientRequestId) ? clientRequestId : ids.next().toString();
    String traceparent = headers.get(CallTrace.TRACEPARENT_HEADER);
    CallTrace trace =
        new CallTrace(requestId, CallTrace.isValidTraceparent(traceparent) ? traceparent : null);
    CallRecord record = new CallRecord();
    Context context = Context.current().withValues(CallTrace.KEY, trace, RECORD, record);

    LoggingCall<ReqT, RespT> loggingCall =
        new LoggingCall<>(call, trace, record, startNanos, context.getDeadline());
    Mdc mdc = Mdc.of(trace);
    try {
      return new MdcListener<>(
          Contexts.interceptCall(context, loggingCall, headers, next), trace, loggingCall);
    } finally {
      mdc.close();
    }
  }

  /** Mutable per-call facts learnt further in. */
  private static final class CallRecord {
    volatile String subject;
  }

  private static final class LoggingCall<ReqT, RespT>
      extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {

    private final CallTrace trace;
    private final CallRecord record;
    private final long startNanos;
    private final Deadline deadline;
    private final AtomicBoolean logged = new AtomicBoolean();
    private volatile boolean headersSent;

    LoggingCall(
        ServerCall<ReqT, RespT> delegate,
        CallTrace trace,
        CallRecord record,
        long startNanos,
        Deadline deadline) {
      super(delegate);
      this.trace = trace;
      this.record = record;
      this.startNanos = startNanos;
      this.deadline = deadline;
    }

    @Override
    public void sendHeaders(Metadata headers) {
      headers.put(CallTrace.REQUEST_ID_HEADER, trace.requestId());
      headersSent = true;
      super.sendHeaders(headers);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      if (!headersSent) {
        trailers.put(CallTrace.REQUEST_ID_HEADER, trace.requestId());
      }
      try {
        super.close(status, trailers);
      } finally {
        log(status, trailers);
      }
    }

    /** The call ended without a close from the server: the client cancelled or timed out. */
    void ended() {
      Status status =
          deadline != null && deadline.isExpired() ? Status.DEADLINE_EXCEEDED : Status.CANCELLED;
      log(status, null);
    }

    private void log(Status status, Metadata trailers) {
      if (!logged.compareAndSet(false, true)) {
        return;
      }
      String method = getMethodDescriptor().getFullMethodName();
      Level level = PlatformMethods.isHealth(method) ? Level.DEBUG : Level.INFO;
      if (!access.isEnabledForLevel(level)) {
        return;
      }
      double durationMs = Math.round((System.nanoTime() - startNanos) / 1_000.0) / 1_000.0;
      String peer = peer();
      LoggingEventBuilder line =
          access
              .atLevel(level)
              .setMessage("{} {} {} ms")
              .addArgument(method)
              .addArgument(status.getCode())
              .addArgument(durationMs)
              .addKeyValue("method", method)
              .addKeyValue("status", status.getCode().name())
              .addKeyValue("duration_ms", durationMs);
      if (peer != null) {
        line = line.addKeyValue("peer", peer);
      }
      String subject = record.subject;
      if (subject != null) {
        line = line.addKeyValue("subject", subject);
      }
      String reason = status.isOk() || trailers == null ? null : errorReason(status, trailers);
      if (reason != null) {
        line = line.addKeyValue("error_reason", reason);
      }
      Mdc.run(trace, line::log);
    }

    private String peer() {
      SocketAddress address = getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
      return address == null ? null : address.toString();
    }

    private static String errorReason(Status status, Metadata trailers) {
      com.google.rpc.Status rich = StatusProto.fromStatusAndTrailers(status, trailers);
      if (rich == null) {
        return null;
      }
      for (Any detail : rich.getDetailsList()) {
        if (detail.is(ErrorInfo.class)) {
          try {
            return detail.unpack(ErrorInfo.class).getReason();
          } catch (InvalidProtocolBufferException e) {
            return null;
          }
        }
      }
      return null;
    }
  }

  /** Puts the call's ids into the MDC around each callback, whichever thread runs it. */
  private static final class MdcListener<ReqT>
      extends ForwardingServerCallListener.SimpleForwardingServerCallListener<ReqT> {

    private final CallTrace trace;
    private final LoggingCall<ReqT, ?> call;

    MdcListener(ServerCall.Listener<ReqT> delegate, CallTrace trace, LoggingCall<ReqT, ?> call) {
      super(delegate);
      this.trace = trace;
      this.call = call;
    }

    @Override
    public void onMessage(ReqT message) {
      Mdc.run(trace, () -> super.onMessage(message));
    }

    @Override
    public void onHalfClose() {
      Mdc.run(trace, () -> super.onHalfClose());
    }

    @Override
    public void onReady() {
      Mdc.run(trace, () -> super.onReady());
    }

    @Override
    public void onCancel() {
      try {
        Mdc.run(trace, super::onCancel);
      } finally {
        call.ended();
      }
    }

    @Override
    public void onComplete() {
      try {
        Mdc.run(trace, super::onComplete);
      } finally {
        call.ended();
      }
    }
  }

  /** Sets the ids in the MDC and restores what was there before (threads are reused). */
  private static final class Mdc {
    private final Map<String, String> previous;

    private Mdc(Map<String, String> previous) {
      this.previous = previous;
    }

    static Mdc of(CallTrace trace) {
      Mdc mdc = new Mdc(MDC.getCopyOfContextMap());
      MDC.put(MDC_REQUEST_ID, trace.requestId());
      SpanContext span = Span.current().getSpanContext();
      if (span.isValid()) {
        MDC.put(MDC_TRACE_ID, span.getTraceId());
        MDC.put(MDC_SPAN_ID, span.getSpanId());
        return mdc;
      }
      MDC.remove(MDC_SPAN_ID);
      trace
          .traceId()
          .ifPresentOrElse(id -> MDC.put(MDC_TRACE_ID, id), () -> MDC.remove(MDC_TRACE_ID));
      return mdc;
    }

    static void run(CallTrace trace, Runnable action) {
      Mdc mdc = of(trace);
      try {
        action.run();
      } finally {
        mdc.close();
      }
    }

    void close() {
      if (previous == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(previous);
      }
    }
  }
}
