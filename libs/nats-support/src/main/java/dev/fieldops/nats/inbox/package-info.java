/**
 * Consuming other contexts' events effectively once: a durable JetStream pull consumer feeds a
 * {@link dev.fieldops.nats.inbox.ConsumerRunner}, which applies each event through its handler in
 * one transaction together with an inbox row, and acknowledges only after the commit. JetStream
 * delivers at least once; the inbox turns that into "applied once". Events that cannot be applied
 * (undecodable, rejected, failing until the delivery limit, or overtaken by a newer version of
 * their aggregate) are parked in {@code dead_letter} with the reason, never dropped, and an
 * operator can retry them through {@link dev.fieldops.nats.inbox.DeadLetters}. An event is
 * untrusted input: its envelope is validated here, its content by the handler.
 */
package dev.fieldops.nats.inbox;
