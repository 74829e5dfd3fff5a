/**
 * In-process gRPC for component tests, through exactly the interceptor chain a service runs in
 * production (authentication, method policy, validation, error mapping, deadlines), so a test's
 * status codes and {@code ErrorInfo} reasons are the ones clients will see. Tokens come from a
 * throwaway key pair per test class; {@link dev.fieldops.test.grpc.ErrorDetails} reads rich errors
 * back for assertions.
 */
package dev.fieldops.test.grpc;
