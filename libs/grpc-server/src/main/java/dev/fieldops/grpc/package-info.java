/**
 * The gRPC server every FieldOps service runs, so that a service supplies only its handlers, its
 * method policy and its error domain: authentication, authorization, validation, error mapping,
 * deadlines, access logs, health, reflection, limits and graceful shutdown behave the same in all
 * three contexts and are tested once, here. Start at {@link dev.fieldops.grpc.GrpcServerRunner};
 * the interceptor order is fixed in {@code InterceptorChain}.
 */
package dev.fieldops.grpc;
