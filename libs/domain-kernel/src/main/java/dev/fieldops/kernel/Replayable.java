package dev.fieldops.kernel;

import java.util.Objects;
import java.util.function.Function;

/**
 * What an idempotent command answers: the view of a change it just made, or, for a request sent
 * again, the response stored the first time, in its wire form. The stored form is the wire response
 * because that is what the client must get again, byte for byte, even if the view has moved on; the
 * adapter turns either into its response with {@link #toResponse}.
 *
 * @param <V> the view a fresh run answers
 */
public sealed interface Replayable<V> {

  /** The response: {@code encode} of a fresh view, or {@code decode} of the stored bytes. */
  <W> W toResponse(Function<? super V, ? extends W> encode, Function<byte[], ? extends W> decode);

  /** The command ran now and answered {@code value}. */
  record Fresh<V>(V value) implements Replayable<V> {

    public Fresh {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public <W> W toResponse(
        Function<? super V, ? extends W> encode, Function<byte[], ? extends W> decode) {
      return encode.apply(value);
    }
  }

  /** The request was seen before; {@code response} is what it answered then. */
  record Replayed<V>(byte[] response) implements Replayable<V> {

    public Replayed {
      response = response.clone();
    }

    @Override
    public byte[] response() {
      return response.clone();
    }

    @Override
    public <W> W toResponse(
        Function<? super V, ? extends W> encode, Function<byte[], ? extends W> decode) {
      return decode.apply(response.clone());
    }
  }
}
