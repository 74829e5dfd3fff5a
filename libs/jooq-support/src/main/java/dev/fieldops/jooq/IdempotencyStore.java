package dev.fieldops.jooq;

import dev.fieldops.kernel.InvalidInputException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Record3;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Makes a mutating request safe to retry: the first call with a {@code request_id} runs its effect
 * and stores the response in the same transaction; a retry with the same id and the same request
 * gets that stored response and changes nothing; the same id with a different request is refused
 * ({@code REQUEST_ID_REUSED} on {@code request_id}).
 *
 * <p>The record is inserted <em>before</em> the effect runs ({@code ON CONFLICT DO NOTHING}), so
 * the primary key doubles as a lock: a concurrent first call with the same id waits until the first
 * one commits, then reads its response, or, if the first rolled back, runs the effect itself.
 * Exactly one effect either way. Callers with REPEATABLE READ or SERIALIZABLE isolation get a
 * serialization failure instead of the wait, which the {@link Transactor} retries.
 *
 * <p>The table comes with {@link #MIGRATIONS}; add it to the service's migration sets.
 */
public final class IdempotencyStore {

  /** The idempotency table, versioned independently of the service's own migrations. */
  public static final MigrationSet MIGRATIONS =
      new MigrationSet("idempotency", "classpath:db/platform/idempotency");

  /** How long a response is kept for retries unless a service chooses otherwise. */
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

  /** The reason of the error for a request id sent again with a different request. */
  public static final String REQUEST_ID_REUSED = "REQUEST_ID_REUSED";

  /** The reason of the error for a request id that is not a UUID. */
  public static final String INVALID_REQUEST_ID = "INVALID_REQUEST_ID";

  /** The request field both errors point at. */
  public static final String REQUEST_ID_FIELD = "request_id";

  private static final Table<?> RECORD = DSL.table(DSL.name("idempotency_record"));
  private static final Field<UUID> REQUEST_ID = DSL.field(DSL.name("request_id"), SQLDataType.UUID);
  private static final Field<String> OPERATION = DSL.field(DSL.name("operation"), SQLDataType.CLOB);
  private static final Field<byte[]> REQUEST_HASH =
      DSL.field(DSL.name("request_hash"), SQLDataType.BLOB);
  private static final Field<byte[]> RESPONSE = DSL.field(DSL.name("response"), SQLDataType.BLOB);
  private static final Field<OffsetDateTime> CREATE_TIME =
      DSL.field(DSL.name("create_time"), SQLDataType.TIMESTAMPWITHTIMEZONE);

  // Every command with a request id runs these two: rendered once, not per command.
  private static final Param<UUID> REQUEST_ID_PARAM = DSL.param("request_id", SQLDataType.UUID);
  private static final FixedStatement CLAIM =
      FixedStatement.of(
          List.of("request_id", "operation", "request_hash"),
          DSL.insertInto(RECORD, REQUEST_ID, OPERATION, REQUEST_HASH)
              .values(
                  REQUEST_ID_PARAM,
                  DSL.param("operation", SQLDataType.CLOB),
                  DSL.param("request_hash", SQLDataType.BLOB))
              .onConflict(REQUEST_ID)
              .doNothing()
              .returningResult(REQUEST_ID));
  private static final FixedStatement RECORD_RESPONSE =
      FixedStatement.of(
          List.of("response", "request_id"),
          DSL.update(RECORD)
              .set(RESPONSE, DSL.param("response", SQLDataType.BLOB))
              .where(REQUEST_ID.eq(REQUEST_ID_PARAM)));

  private static final int PURGE_BATCH = 5_000;
  // A record can vanish between our conflicting insert and our read only if a purge removed it;
  // inserting again is then correct, but never loop forever.
  private static final int MAX_CLAIM_ATTEMPTS = 3;

  /**
   * Runs {@code effect} once per {@code requestId}, inside the caller's transaction {@code tx}.
   *
   * <p>A blank {@code requestId} means the client asked for no idempotency (AIP-155): the effect
   * runs and nothing is recorded. The transaction must roll back when the effect throws (the {@link
   * Transactor} does); the pending record is removed here too, as far as the transaction still
   * allows.
   *
   * @param tx the context of the open transaction that also carries the effect's writes
   * @param operation the use case, e.g. {@code
   *     fieldops.support.v1.CustomerSupportService/CreateTicket}
   * @param requestFingerprint identifies the request's content; see {@link #fingerprint(byte[]...)}
   * @param effect performs the change and returns the serialized response; it must not return null
   * @return the response of the first successful call with this id
   * @throws InvalidInputException {@code REQUEST_ID_REUSED} when the id was used with another
   *     operation or another request; {@code INVALID_REQUEST_ID} when it is not a UUID
   */
  public byte[] execute(
      DSLContext tx,
      String operation,
      String requestId,
      byte[] requestFingerprint,
      Supplier<byte[]> effect) {
    Objects.requireNonNull(tx, "tx");
    Objects.requireNonNull(requestFingerprint, "requestFingerprint");
    Objects.requireNonNull(effect, "effect");
    if (operation == null || operation.isBlank()) {
      throw new IllegalArgumentException("operation must not be blank");
    }
    if (requestId == null || requestId.isBlank()) {
      return requireResponse(effect.get());
    }
    UUID id = parseRequestId(requestId);
    for (int attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
      boolean claimed =
          CLAIM.query(tx, results -> results.next().next(), id, operation, requestFingerprint);
      if (claimed) {
        return runAndRecord(tx, id, effect);
      }
      Record3<String, byte[], byte[]> stored =
          tx.select(OPERATION, REQUEST_HASH, RESPONSE)
              .from(RECORD)
              .where(REQUEST_ID.eq(id))
              .fetchOne();
      if (stored != null) {
        return replay(id, operation, requestFingerprint, stored);
      }
    }
    throw new IllegalStateException(
        "idempotency record " + id + " keeps disappearing; is the retention far too short?");
  }

  /**
   * A SHA-256 fingerprint of a request made of {@code parts}, each length-prefixed so that parts
   * cannot run into each other. Include the caller's identity as a part, so that a request id can
   * never replay a response to another caller, and encode the request deterministically (protobuf
   * binary of the same message is, unless it holds map fields).
   */
  public static byte[] fingerprint(byte[]... parts) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    for (byte[] part : parts) {
      Objects.requireNonNull(part, "fingerprint part");
      sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(part.length).array());
      sha256.update(part);
    }
    return sha256.digest();
  }

  /**
   * Deletes records older than {@code retention} (by the database's clock), in batches so that a
   * large backlog never holds one long transaction. Run it outside a transaction.
   *
   * @return how many records were deleted
   */
  public int purgeExpired(DSLContext dsl, Duration retention) {
    Objects.requireNonNull(dsl, "dsl");
    if (retention == null || retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive: " + retention);
    }
    Field<OffsetDateTime> cutoff =
        DSL.field(
            "now() - {0} * interval '1 millisecond'",
            SQLDataType.TIMESTAMPWITHTIMEZONE, DSL.val(retention.toMillis()));
    int total = 0;
    int deleted;
    do {
      deleted =
          dsl.deleteFrom(RECORD)
              .where(
                  REQUEST_ID.in(
                      DSL.select(REQUEST_ID)
                          .from(RECORD)
                          .where(CREATE_TIME.lt(cutoff))
                          .limit(PURGE_BATCH)))
              .execute();
      total += deleted;
    } while (deleted == PURGE_BATCH);
    return total;
  }

  private static byte[] runAndRecord(DSLContext tx, UUID id, Supplier<byte[]> effect) {
    byte[] response;
    try {
      response = requireResponse(effect.get());
    } catch (RuntimeException | Error failure) {
      releaseClaim(tx, id);
      throw failure;
    }
    RECORD_RESPONSE.query(tx, results -> null, response, id);
    return response;
  }

  private static void releaseClaim(DSLContext tx, UUID id) {
    // Matters only to a caller that catches the failure and commits anyway; if the failure
    // aborted the transaction, the rollback removes the claim and this delete cannot run.
    try {
      tx.deleteFrom(RECORD).where(REQUEST_ID.eq(id)).execute();
    } catch (DataAccessException abortedTransaction) {
      // nothing to release: the transaction will roll back
    }
  }

  private static byte[] replay(
      UUID id, String operation, byte[] fingerprint, Record3<String, byte[], byte[]> stored) {
    if (!operation.equals(stored.value1())
        || !MessageDigest.isEqual(fingerprint, stored.value2())) {
      throw InvalidInputException.of(
          REQUEST_ID_REUSED,
          REQUEST_ID_FIELD,
          "was already used for a different request; send a new request_id");
    }
    byte[] response = stored.value3();
    if (response == null) {
      // Our own claim, seen again: the same request id was used twice within one transaction.
      throw new IllegalStateException(
          "request " + id + " is already being processed in this transaction");
    }
    return response;
  }

  private static UUID parseRequestId(String requestId) {
    try {
      UUID id = UUID.fromString(requestId.trim());
      // UUID.fromString accepts shortened forms such as "1-1-1-1-1"; a request id is canonical.
      if (id.toString().equalsIgnoreCase(requestId.trim())) {
        return id;
      }
    } catch (IllegalArgumentException ignored) {
      // reported below
    }
    throw InvalidInputException.of(INVALID_REQUEST_ID, REQUEST_ID_FIELD, "must be a UUID");
  }

  private static byte[] requireResponse(byte[] response) {
    if (response == null) {
      throw new IllegalStateException("an idempotent effect must return a response (may be empty)");
    }
    return response;
  }
}
