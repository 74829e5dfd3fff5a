package dev.fieldops.runtime;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.fieldops.jooq.IdempotencyStore;
import dev.fieldops.jooq.Transactor;
import dev.fieldops.kernel.Principal;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Runs a mutating RPC at most once per {@code request_id}: the effect (through the service's
 * handler and repositories, which join this transaction), its outbox rows and the stored response
 * commit together. A retry with the same id and the same request returns the stored response
 * without touching anything; the same id with another request, or from another caller, is {@code
 * INVALID_ARGUMENT} with reason {@code REQUEST_ID_REUSED}.
 */
public final class IdempotentCommands {

  private final Transactor transactor;
  private final IdempotencyStore store;

  public IdempotentCommands(Transactor transactor, IdempotencyStore store) {
    this.transactor = transactor;
    this.store = store;
  }

  /**
   * @param operation the RPC's full name, so one id cannot be replayed against another RPC
   * @param requestId the request's {@code request_id}
   * @param request the whole request: its bytes are the fingerprint
   * @param caller who asks: part of the fingerprint, so nobody can fetch another caller's response
   * @param responseParser parses the stored response on a retry
   * @param effect runs the command and returns the response to store and send
   */
  public <R extends Message> R execute(
      String operation,
      String requestId,
      Message request,
      Principal caller,
      Parser<R> responseParser,
      Supplier<R> effect) {
    byte[] fingerprint =
        IdempotencyStore.fingerprint(
            request.toByteArray(), caller.toString().getBytes(StandardCharsets.UTF_8));
    return transactor.inTransaction(
        tx -> {
          var fresh =
              new Object() {
                R response;
              };
          byte[] response =
              store.execute(
                  tx,
                  operation,
                  requestId,
                  fingerprint,
                  () -> {
                    fresh.response = effect.get();
                    return fresh.response.toByteArray();
                  });
          if (fresh.response != null) {
            return fresh.response;
          }
          try {
            return responseParser.parseFrom(response);
          } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(
                "stored response of " + operation + " is unreadable", e);
          }
        });
  }
}
