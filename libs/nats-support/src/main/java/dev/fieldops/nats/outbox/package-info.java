/**
 * The transactional outbox: a use case writes its events into {@code outbox_event} in the same
 * transaction as its change ({@link dev.fieldops.nats.outbox.OutboxWriter}), and one {@link
 * dev.fieldops.nats.outbox.OutboxRelay} per process publishes them to JetStream afterwards. This
 * replaces the dual write (commit, then publish) that loses events when the process dies in between
 * and publishes events of changes that rolled back. The relay's guarantees (at least once into the
 * stream, exactly once after JetStream's deduplication by event id, per-aggregate order, survival
 * of NATS outages and of lost acknowledged messages) are explained on the relay.
 */
package dev.fieldops.nats.outbox;
