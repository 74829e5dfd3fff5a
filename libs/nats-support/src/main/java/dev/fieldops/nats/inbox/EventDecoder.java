package dev.fieldops.nats.inbox;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a received event's payload into the message a handler works with. Any exception parks the
 * event as {@link ParkReason#UNDECODABLE}. Returning {@code null} means "not an event this consumer
 * cares about": it is acknowledged and skipped (a producer may add event types to a subject tree a
 * consumer listens to).
 *
 * @param <T> the decoded event, typically a protobuf message
 */
@FunctionalInterface
public interface EventDecoder<T> {

  T decode(EventEnvelope envelope) throws Exception;

  /** Parses protobuf binary payloads; JSON payloads are refused (parked as undecodable). */
  static <T> EventDecoder<T> protobuf(BinaryParser<? extends T> binary) {
    return protobuf(binary, null);
  }

  /**
   * Parses protobuf binary payloads with {@code binary} ({@code TicketOpened.parser()::parseFrom})
   * and proto3 JSON payloads with {@code json} (for example {@code JsonFormat.parser()} into a
   * builder); a null {@code json} refuses JSON.
   */
  static <T> EventDecoder<T> protobuf(
      BinaryParser<? extends T> binary, TextParser<? extends T> json) {
    Objects.requireNonNull(binary, "binary");
    return envelope -> {
      if (envelope.isProtobuf()) {
        return binary.parse(envelope.payload());
      }
      if (envelope.isJson() && json != null) {
        return json.parse(new String(envelope.payload(), StandardCharsets.UTF_8));
      }
      throw new IllegalArgumentException(
          "content-type " + envelope.contentType() + " is not accepted by this consumer");
    };
  }

  /**
   * Picks a decoder by {@code ce-type}; types not in the map are skipped (decoded to null), so a
   * consumer of {@code support.ticket.>} ignores ticket events it does not handle.
   */
  static <T> EventDecoder<T> byType(Map<String, ? extends EventDecoder<? extends T>> decoders) {
    Map<String, ? extends EventDecoder<? extends T>> copy = Map.copyOf(decoders);
    return envelope -> {
      EventDecoder<? extends T> decoder = copy.get(envelope.type());
      return decoder == null ? null : decoder.decode(envelope);
    };
  }

  /** Parses bytes. */
  @FunctionalInterface
  interface BinaryParser<T> {
    T parse(byte[] bytes) throws Exception;
  }

  /** Parses text. */
  @FunctionalInterface
  interface TextParser<T> {
    T parse(String text) throws Exception;
  }
}
