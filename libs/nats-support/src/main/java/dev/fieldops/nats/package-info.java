/**
 * The messaging platform every service stands on: one supervised JetStream connection that keeps
 * reconnecting, streams declared in code and reconciled at start, and the CloudEvents header
 * vocabulary shared by the outbox relay (which writes it) and the consumer runner (which reads it).
 * It exists so that services never handle a raw connection, guess a header name or hand-create a
 * stream: a NATS outage, a restart or a changed retention limit is handled once, here, the same way
 * in every bounded context.
 */
package dev.fieldops.nats;
