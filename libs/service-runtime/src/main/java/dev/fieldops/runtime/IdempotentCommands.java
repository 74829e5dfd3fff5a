package dev.fieldops.runtime;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.fieldops.jooq.IdempotencyStore;
import dev.fieldops.jooq.Transactor;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.IdempotentCommand;
import dev.fieldops.kernel.KeyedCommand;
import dev.fieldops.kernel.Replayable;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

/**
 * Makes a command safe for its client to send again: at most one effect per {@code request_id}. The
 * decorated handler runs inside the command's transaction, which {@link TransactionalCommands}
 * opens around it (this decorator only joins, and refuses to run without one), so the effect, its
 * outbox rows and the stored response commit together. A retry with the same id and the same
 * request from the same caller answers the stored response ({@link Replayable.Replayed}) without
 * touching anything; the same id with another request, or from another caller, is {@code
 * INVALID_ARGUMENT} with reason {@code REQUEST_ID_REUSED}; an id that is not a UUID is {@code
 * INVALID_REQUEST_ID}; a blank id runs the command and records nothing.
 *
 * <p>The fingerprint is the wire request's bytes and the caller; the stored form is the wire
 * response, made by the same mapping that the adapter applies to a fresh view.
 */
public final class IdempotentCommands {

  private final Transactor transactor;
  private final IdempotencyStore store;

  public IdempotentCommands(Transactor transactor, IdempotencyStore store) {
    this.transactor = Objects.requireNonNull(transactor, "transactor");
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * {@code handler} run at most once per request id.
   *
   * @param operation the RPC's full name, so that one id cannot be replayed against another RPC
   * @param toResponse the wire response of a fresh view: the adapter's mapping, stored for retries
   */
  public <C extends IdempotentCommand, V> CommandHandler<KeyedCommand<C>, Replayable<V>> decorate(
      String operation,
      CommandHandler<C, V> handler,
      Function<? super V, ? extends Message> toResponse) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(toResponse, "toResponse");
    return keyed -> {
      var key = keyed.key();
      byte[] fingerprint =
          IdempotencyStore.fingerprint(
              key.request(),
              keyed.command().principal().toString().getBytes(StandardCharsets.UTF_8));
      return transactor.joined(
          tx -> {
            var fresh =
                new Object() {
                  V view;
                };
            byte[] response =
                store.execute(
                    tx,
                    operation,
                    key.requestId(),
                    fingerprint,
                    () -> {
                      fresh.view = handler.handle(keyed.command());
                      return toResponse.apply(fresh.view).toByteArray();
                    });
            return fresh.view != null
                ? new Replayable.Fresh<>(fresh.view)
                : new Replayable.Replayed<>(response);
          });
    };
  }

  /**
   * The wire response of an idempotent command's {@code result}: {@code toResponse} of a fresh view
   * (the same function that encoded it for storage), or the stored response parsed again.
   */
  public static <V, R extends Message> R response(
      Replayable<V> result, Function<? super V, R> toResponse, Parser<R> parser) {
    return result.toResponse(
        toResponse,
        stored -> {
          try {
            return parser.parseFrom(stored);
          } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a stored response is unreadable", e);
          }
        });
  }
}
