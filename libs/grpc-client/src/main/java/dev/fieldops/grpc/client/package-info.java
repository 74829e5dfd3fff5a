/**
 * Client channels to FieldOps services, built in one place ({@link
 * dev.fieldops.grpc.client.GrpcChannels}) from a {@link dev.fieldops.grpc.client.ClientTransport}:
 * TLS trusting a CA file (or the JVM's trust store), an optional client certificate for mutual TLS,
 * both reloaded when the files change; plaintext only when configured explicitly.
 */
package dev.fieldops.grpc.client;
