package dev.fieldops.grpc;

import dev.fieldops.kernel.Principal;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the service's {@link MethodPolicy} before the handler starts: a caller whose kind or
 * roles the method's rule does not allow gets PERMISSION_DENIED (reason METHOD_NOT_PERMITTED).
 * Object-level rules (a customer sees only its own tickets) are not decided here but in queries.
 */
final class AuthorizationInterceptor implements ServerInterceptor {

  static final String METHOD_NOT_PERMITTED = "METHOD_NOT_PERMITTED";

  private static final Logger log = LoggerFactory.getLogger(AuthorizationInterceptor.class);

  private final MethodPolicy policy;
  private final ErrorMapper errors;

  AuthorizationInterceptor(MethodPolicy policy, ErrorMapper errors) {
    this.policy = policy;
    this.errors = errors;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    if (PlatformMethods.isPublic(method)) {
      return next.startCall(call, headers);
    }
    Principal principal = CallPrincipal.KEY.get();
    if (principal == null) {
      // Only reachable if the chain were assembled without authentication: fail closed.
      return AuthenticationInterceptor.refuse(
          call,
          errors.error(
              Status.Code.UNAUTHENTICATED,
              "CREDENTIALS_MISSING",
              "missing bearer token",
              Map.of()));
    }
    if (!policy.allows(method, principal)) {
      log.debug("denied {} to {}", method, principal.subject());
      return AuthenticationInterceptor.refuse(
          call,
          errors.error(
              Status.Code.PERMISSION_DENIED,
              METHOD_NOT_PERMITTED,
              "the caller may not call " + method,
              Map.of("method", method)));
    }
    return next.startCall(call, headers);
  }
}
