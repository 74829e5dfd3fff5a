/**
 * The messaging platform every service stands on: one supervised JetStream connection that connects
 * in the background and keeps reconnecting (to any node of a cluster), streams declared in code
 * (name, subjects) with replicas and limits from the {@code EVENTS_STREAM_*} settings ({@link
 * dev.fieldops.nats.StreamSettings}), created when missing and otherwise only verified, never
 * rewritten, while the service runs ({@link dev.fieldops.nats.StreamKeeper}), and the CloudEvents
 * header vocabulary shared by the outbox relay (which writes it) and the consumer runner (which
 * reads it). It exists so that services never handle a raw connection, guess a header name or
 * hand-create a stream: a NATS outage, a broker that lost its data, a restart or a changed
 * retention limit is handled once, here, the same way in every bounded context.
 */
package dev.fieldops.nats;
