/**
 * The telemetry context's gRPC face: {@code fieldops.telemetry.v1.TelemetryService}. It maps
 * requests to commands and queries, runs them through the application handlers as the calling
 * principal, and maps the outcome back ({@code TelemetryRequests} in, {@code TelemetryProtos} out);
 * it decides nothing itself, not even how a page of buckets continues. The two streaming RPCs carry
 * the only transport logic there is: flow control and batching for ingest, a bounded per-watcher
 * queue for the live alert feed. {@link dev.fieldops.telemetry.adapter.grpc.TelemetryMethodPolicy}
 * is the one place saying who may call which method.
 */
package dev.fieldops.telemetry.adapter.grpc;
