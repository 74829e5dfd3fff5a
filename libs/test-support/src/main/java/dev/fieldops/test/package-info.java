/**
 * Fixtures that give every integration test its own real infrastructure: a fresh PostgreSQL
 * database on the local server, a private nats-server with JetStream on a free port, and (in {@code
 * dev.fieldops.test.grpc}) in-process gRPC through the platform's real interceptors. Tests never
 * share state with each other or with the machine's long-running services.
 */
package dev.fieldops.test;
