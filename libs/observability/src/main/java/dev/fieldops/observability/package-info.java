/**
 * Metrics of a FieldOps process, built once for all services: one Prometheus registry that
 * Micrometer (platform meters: outbox, consumers, pool, JVM) and the OpenTelemetry SDK (gRPC's
 * standard gRFC A66 metrics) both write into, served as Prometheus text on one management HTTP
 * endpoint. The same SDK instance carries the traces: configured from the standard {@code OTEL_*}
 * variables, with a server and a client span per gRPC call from the platform's own interceptors.
 */
package dev.fieldops.observability;
