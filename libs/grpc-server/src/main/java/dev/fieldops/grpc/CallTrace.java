package dev.fieldops.grpc;

import io.grpc.Context;
import io.grpc.Metadata;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Correlation ids of the current RPC: the request id (from the client's {@code x-request-id}, or
 * generated and returned in that response header) and the W3C trace context ({@code traceparent})
 * if the client sent one. Log lines carry both (MDC keys {@code request_id}, {@code trace_id}; the
 * trace and span ids are the call's server span's when the server records spans, which continue the
 * client's trace). Events carry the current span's context, not this header (see {@code
 * EventTracing.currentTraceparent} in nats-support).
 */
public final class CallTrace {

  public static final Metadata.Key<String> REQUEST_ID_HEADER =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
  public static final Metadata.Key<String> TRACEPARENT_HEADER =
      Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);

  static final Context.Key<CallTrace> KEY = Context.key("fieldops-call-trace");

  /** Accepted client request ids: printable, header-safe, bounded. */
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:/+=-]{1,128}");

  /** version-traceid-parentid-flags; version ff is invalid, all-zero ids are invalid. */
  private static final Pattern TRACEPARENT =
      Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");

  private final String requestId;
  private final String traceparent;

  CallTrace(String requestId, String traceparent) {
    this.requestId = Objects.requireNonNull(requestId, "requestId");
    this.traceparent = traceparent;
  }

  /** The trace of the RPC being served, if called inside one. */
  public static Optional<CallTrace> current() {
    return Optional.ofNullable(KEY.get());
  }

  public String requestId() {
    return requestId;
  }

  /** The client's {@code traceparent} header, when it was well-formed. */
  public Optional<String> traceparent() {
    return Optional.ofNullable(traceparent);
  }

  /** The 32-hex-digit trace id inside {@link #traceparent()}. */
  public Optional<String> traceId() {
    return traceparent().map(value -> value.substring(3, 35));
  }

  static boolean isAcceptableRequestId(String value) {
    return value != null && REQUEST_ID.matcher(value).matches();
  }

  static boolean isValidTraceparent(String value) {
    if (value == null) {
      return false;
    }
    var m = TRACEPARENT.matcher(value);
    if (!m.matches() || m.group(1).equals("ff")) {
      return false;
    }
    if (m.group(1).equals("00") && m.group(5) != null) {
      return false;
    }
    return !m.group(2).chars().allMatch(c -> c == '0')
        && !m.group(3).chars().allMatch(c -> c == '0');
  }
}
