package dev.fieldops.nats.outbox;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * An outbox row the relay holds locked in its current transaction. {@code rowId} is the row's
 * physical address ({@code ctid}), stable while the lock is held: the marks find the row by it
 * without an index. {@code aggregateSeq} is 0 for rows written before aggregate sequences existed.
 */
record ClaimedEvent(
    String rowId,
    long seq,
    UUID eventId,
    String aggregateType,
    String aggregateId,
    long aggregateVersion,
    long aggregateSeq,
    String subject,
    String eventType,
    String contentType,
    byte[] payload,
    Map<String, String> headers,
    OffsetDateTime occurTime) {

  /** Ordering and locking scope: events of one aggregate are published one after another. */
  AggregateKey aggregate() {
    return new AggregateKey(aggregateType, aggregateId);
  }

  record AggregateKey(String type, String id) {}
}
