package dev.fieldops.grpc;

import io.grpc.MethodDescriptor;

/**
 * Methods every caller may use without a token: health checks (load balancers and orchestrators
 * carry no credentials) and server reflection (it exposes only the published contract).
 */
final class PlatformMethods {

  static final String HEALTH_SERVICE = "grpc.health.v1.Health";
  private static final String REFLECTION_PREFIX = "grpc.reflection.";

  private PlatformMethods() {}

  static boolean isPublic(String fullMethodName) {
    String service = MethodDescriptor.extractFullServiceName(fullMethodName);
    return service != null
        && (service.equals(HEALTH_SERVICE) || service.startsWith(REFLECTION_PREFIX));
  }

  static boolean isHealth(String fullMethodName) {
    return HEALTH_SERVICE.equals(MethodDescriptor.extractFullServiceName(fullMethodName));
  }
}
