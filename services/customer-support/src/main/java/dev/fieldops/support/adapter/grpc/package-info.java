/**
 * The gRPC face of customer support: {@code fieldops.support.v1.CustomerSupportService} translated
 * to the application's commands and queries and back, plus the service's method policy. It holds no
 * rules of its own; what it adds is the contract's plumbing — etags as version numbers, update
 * masks, signed page tokens bound to the caller and its filters, idempotent retries by {@code
 * request_id} — so the handlers below never see a protobuf. The client side lives here too:
 * telemetry's TelemetryService behind the application's {@code DeviceDirectory} port, called with a
 * deadline and support's own service token.
 */
package dev.fieldops.support.adapter.grpc;
