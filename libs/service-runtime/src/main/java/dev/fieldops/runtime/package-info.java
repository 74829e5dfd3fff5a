/**
 * The parts of a service process that every bounded context does the same way, so that each
 * service's bootstrap is only its own wiring: start the database (with the platform's and the
 * service's migrations), connect to NATS (in the background) and keep the context's stream in
 * place, run the outbox relay, serve gRPC with health that tells the truth (readiness, liveness and
 * each dependency), run periodic jobs on one instance at a time (catching up at start), and take
 * everything down in reverse order. Also the idempotent-command helper every gRPC adapter uses, and
 * the transaction decorator the wirings hand their application factories.
 */
package dev.fieldops.runtime;
