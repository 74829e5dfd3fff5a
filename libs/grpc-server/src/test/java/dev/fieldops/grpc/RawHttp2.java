package dev.fieldops.grpc;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2HeadersEncoder;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bare HTTP/2 client that sends one gRPC request with whatever headers it is given, ignoring the
 * server's advertised header list limit as a hostile or non-gRPC client would, and reports what the
 * server answered on the wire: the response headers of the stream, a stream reset, or the
 * connection closed (GOAWAY). grpc-java's own client refuses to send headers beyond the server's
 * advertised limit, so only a client like this one sees what HTTP/2 answers then.
 */
final class RawHttp2 {

  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int DATA = 0;
  private static final int HEADERS = 1;
  private static final int RST_STREAM = 3;
  private static final int SETTINGS = 4;
  private static final int GOAWAY = 7;
  private static final int CONTINUATION = 9;
  private static final int END_STREAM = 0x1;
  private static final int END_HEADERS = 0x4;
  private static final int MAX_FRAME = 16_384;

  /** What came back for stream 1. */
  record Answer(Map<String, String> headers, Integer resetCode, Integer goAwayCode) {
    String status() {
      return headers.get(":status");
    }
  }

  private RawHttp2() {}

  /** One unary call on {@code path} with {@code metadata} on top of the usual gRPC headers. */
  static Answer call(int port, String path, Map<String, String> metadata, byte[] message)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(PREFACE);
      frame(out, SETTINGS, 0, 0, new byte[0]);
      Http2Headers headers =
          new DefaultHttp2Headers()
              .method("POST")
              .scheme("http")
              .path(path)
              .authority("127.0.0.1:" + port)
              .add("content-type", "application/grpc")
              .add("te", "trailers");
      metadata.forEach(headers::add);
      ByteBuf block = Unpooled.buffer();
      try {
        new DefaultHttp2HeadersEncoder(Http2HeadersEncoder.NEVER_SENSITIVE, true)
            .encodeHeaders(1, headers, block);
      } catch (Exception e) {
        throw new IOException(e);
      }
      byte[] encoded = new byte[block.readableBytes()];
      block.readBytes(encoded);
      block.release();
      for (int offset = 0; offset < encoded.length || offset == 0; offset += MAX_FRAME) {
        int length = Math.min(MAX_FRAME, encoded.length - offset);
        byte[] fragment = new byte[length];
        System.arraycopy(encoded, offset, fragment, 0, length);
        boolean last = offset + MAX_FRAME >= encoded.length;
        frame(out, offset == 0 ? HEADERS : CONTINUATION, last ? END_HEADERS : 0, 1, fragment);
      }
      ByteArrayOutputStream grpcMessage = new ByteArrayOutputStream();
      grpcMessage.write(0);
      grpcMessage.write(
          new byte[] {
            (byte) (message.length >>> 24),
            (byte) (message.length >>> 16),
            (byte) (message.length >>> 8),
            (byte) message.length
          });
      grpcMessage.write(message);
      frame(out, DATA, END_STREAM, 1, grpcMessage.toByteArray());
      out.flush();
      return read(new DataInputStream(socket.getInputStream()));
    }
  }

  private static Answer read(DataInputStream in) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
    try {
      while (true) {
        int length =
            (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int stream = in.readInt() & 0x7fffffff;
        byte[] payload = new byte[length];
        in.readFully(payload);
        if ((type == HEADERS || type == CONTINUATION) && stream == 1) {
          block.write(payload);
          if ((flags & END_HEADERS) != 0) {
            ByteBuf buffer = Unpooled.wrappedBuffer(block.toByteArray());
            try {
              decoder
                  .decodeHeaders(1, buffer)
                  .forEach(e -> headers.put(e.getKey().toString(), e.getValue().toString()));
            } catch (Exception e) {
              throw new IOException(e);
            } finally {
              buffer.release();
            }
            block.reset();
            if ((flags & END_STREAM) != 0 && headers.containsKey("grpc-status")) {
              return new Answer(headers, null, null);
            }
          }
        } else if (type == RST_STREAM && stream == 1) {
          return new Answer(headers, java.nio.ByteBuffer.wrap(payload).getInt(), null);
        } else if (type == GOAWAY) {
          return new Answer(headers, null, java.nio.ByteBuffer.wrap(payload, 4, 4).getInt());
        }
      }
    } catch (EOFException | SocketTimeoutException closed) {
      return new Answer(headers, null, null);
    }
  }

  private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload)
      throws IOException {
    out.write(
        new byte[] {
          (byte) (payload.length >>> 16),
          (byte) (payload.length >>> 8),
          (byte) payload.length,
          (byte) type,
          (byte) flags,
          (byte) (stream >>> 24),
          (byte) (stream >>> 16),
          (byte) (stream >>> 8),
          (byte) stream
        });
    out.write(payload);
  }
}
