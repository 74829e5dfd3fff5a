/**
 * The tools behind {@code ./fieldops events}, {@code simulate} and {@code demo}. They use FieldOps
 * the way any outside client would — the published gRPC services and the JetStream streams, with
 * the contract from {@code proto/} — so they double as a worked example of being a client.
 */
package dev.fieldops.cli;
