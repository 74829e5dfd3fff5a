package dev.fieldops.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Refuses a call whose metadata is larger than {@link GrpcServerConfig#maxMetadataBytes()} with
 * {@code RESOURCE_EXHAUSTED}, reason {@value #METADATA_TOO_LARGE}, before the token is even looked
 * at.
 *
 * <p>Why here and not in the transport: when HTTP/2 itself refuses a header block (Netty's limit),
 * grpc-java answers with HTTP status 431 and a stream reset, which clients report as UNKNOWN or
 * INTERNAL without an {@code ErrorInfo}, and the call never reaches the access log. So the
 * transport is given a larger limit ({@link GrpcServerConfig#transportMetadataBytes()}) and the
 * configured one is enforced here, where the refusal is a rich status and one log line. Only
 * metadata above the transport's limit still meets HTTP/2's own refusal.
 *
 * <p>The size is counted as HTTP/2 counts a header list: each entry's name and value plus 32 bytes,
 * binary ({@code -bin}) values as they travel (base64). grpc-java's own call headers that are not
 * metadata (the pseudo-headers, {@code te}, {@code content-type}) are not counted.
 */
final class MetadataLimitInterceptor implements ServerInterceptor {

  static final String METADATA_TOO_LARGE = "METADATA_TOO_LARGE";

  private static final int ENTRY_OVERHEAD = 32;

  private final int maxBytes;
  private final ErrorMapper errors;

  MetadataLimitInterceptor(int maxBytes, ErrorMapper errors) {
    this.maxBytes = maxBytes;
    this.errors = errors;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    long size = sizeOf(headers);
    if (size > maxBytes) {
      return AuthenticationInterceptor.refuse(
          call,
          errors.error(
              Status.Code.RESOURCE_EXHAUSTED,
              METADATA_TOO_LARGE,
              "request metadata of " + size + " bytes exceeds the limit of " + maxBytes + " bytes",
              Map.of(
                  "limit_bytes", Integer.toString(maxBytes), "size_bytes", Long.toString(size))));
    }
    return next.startCall(call, headers);
  }

  /** The header list size of {@code headers} as HTTP/2 counts it. */
  static long sizeOf(Metadata headers) {
    long size = 0;
    for (String name : headers.keys()) {
      int nameBytes = name.getBytes(StandardCharsets.US_ASCII).length;
      if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        for (byte[] value :
            headers.getAll(Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER))) {
          size += nameBytes + base64Length(value.length) + ENTRY_OVERHEAD;
        }
      } else {
        for (String value :
            headers.getAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER))) {
          // grpc-java decodes a value byte by byte, so its length is its size on the wire
          size += nameBytes + value.length() + ENTRY_OVERHEAD;
        }
      }
    }
    return size;
  }

  private static long base64Length(int bytes) {
    return 4L * ((bytes + 2) / 3);
  }
}
