/**
 * The tools behind {@code ./fieldops events}, {@code simulate} and {@code demo}. They use FieldOps
 * the way any outside client would — the published gRPC services and the JetStream streams, with
 * the contract from {@code proto/} — so they double as a worked example of being a client.
 *
 * <p>Beside them the operator's tools: {@link dev.fieldops.cli.FieldOpsTokenCli} ({@code ./fieldops
 * token}) mints development tokens with the server library's own minter, so that it signs exactly
 * what the services verify; {@link dev.fieldops.cli.HealthProbe} asks the services' health ({@code
 * ./fieldops health}, and {@code ./fieldops up} waiting for readiness).
 */
package dev.fieldops.cli;
