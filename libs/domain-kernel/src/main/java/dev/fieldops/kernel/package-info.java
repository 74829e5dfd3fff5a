/**
 * The shared kernel every bounded context's domain may use: typed domain errors that name the
 * broken rule, the version a change was based on (the etag check), time-ordered identifiers and the
 * one instant and id source a command stamps its changes with; and the one shape of a command
 * handler with the interface of its decorators, which the application layers and the platform
 * share. It is plain Java on purpose, so that domain code can report "not found" or "rule broken"
 * without knowing that gRPC, SQL or NATS exist; the platform's adapters translate these errors into
 * wire statuses in one place.
 */
package dev.fieldops.kernel;
