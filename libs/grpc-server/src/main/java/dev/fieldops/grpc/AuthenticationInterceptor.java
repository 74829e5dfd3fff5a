package dev.fieldops.grpc;

import dev.fieldops.grpc.auth.ClientCertificates;
import dev.fieldops.grpc.auth.InvalidTokenException;
import dev.fieldops.grpc.auth.InvalidTokenException.Reason;
import dev.fieldops.grpc.auth.KeysUnavailableException;
import dev.fieldops.grpc.auth.TokenVerifier;
import dev.fieldops.kernel.Principal;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies {@code authorization: Bearer <JWT>} before anything else of the call happens, in the
 * shape of grpc-java's {@code JwtServerInterceptor}: a refused call is closed with UNAUTHENTICATED
 * (ErrorInfo reason CREDENTIALS_MISSING, TOKEN_EXPIRED or TOKEN_INVALID) and the next handler is
 * never started, so application code cannot run for an unauthenticated caller. An accepted caller's
 * {@link Principal} goes into the gRPC context ({@link CallPrincipal#current()}). Health and
 * reflection need no token.
 *
 * <p>A caller without an {@code authorization} header whose connection presented a client
 * certificate the server verified (mutual TLS) and that names a FieldOps service ({@link
 * ClientCertificates}) is that {@code service} principal. A bearer token, when sent, always
 * decides: a service may call on someone's behalf with their token over its own mutual-TLS
 * connection, and a bad token is refused whatever the certificate.
 */
final class AuthenticationInterceptor implements ServerInterceptor {

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private static final Logger log = LoggerFactory.getLogger(AuthenticationInterceptor.class);
  private static final String BEARER = "bearer ";

  private final TokenVerifier verifier;
  private final ErrorMapper errors;

  AuthenticationInterceptor(TokenVerifier verifier, ErrorMapper errors) {
    this.verifier = verifier;
    this.errors = errors;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    if (PlatformMethods.isPublic(method)) {
      return next.startCall(call, headers);
    }
    String authorization = headers.get(AUTHORIZATION);
    Optional<Principal.Service> certified =
        authorization == null ? certifiedService(call) : Optional.empty();
    if (certified.isPresent()) {
      return accept(certified.get(), call, headers, next);
    }
    Principal principal;
    try {
      principal = verifier.verify(bearerToken(authorization));
    } catch (InvalidTokenException e) {
      log.debug("refused a call to {}: {}", method, e.getMessage());
      return refuse(
          call,
          errors.error(
              Status.Code.UNAUTHENTICATED, e.reason().name(), e.reason().description(), Map.of()));
    } catch (KeysUnavailableException e) {
      log.warn("cannot verify a call to {}: {}", method, e.getMessage());
      return refuse(
          call,
          errors.error(
              Status.Code.UNAVAILABLE,
              "AUTH_KEYS_UNAVAILABLE",
              "cannot verify credentials right now; retry later",
              Map.of()));
    }
    return accept(principal, call, headers, next);
  }

  private static <ReqT, RespT> ServerCall.Listener<ReqT> accept(
      Principal principal,
      ServerCall<ReqT, RespT> call,
      Metadata headers,
      ServerCallHandler<ReqT, RespT> next) {
    AccessLogInterceptor.recordSubject(principal.subject());
    Context context = Context.current().withValue(CallPrincipal.KEY, principal);
    return Contexts.interceptCall(context, call, headers, next);
  }

  /**
   * The service named by the client certificate of the call's connection, when the server verifies
   * client certificates (mutual TLS) and the caller presented one that names a FieldOps service.
   */
  private static Optional<Principal.Service> certifiedService(ServerCall<?, ?> call) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (session == null) {
      return Optional.empty();
    }
    Certificate[] chain;
    try {
      chain = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException noClientCertificate) {
      return Optional.empty();
    }
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
      return Optional.empty();
    }
    return ClientCertificates.principalOf(leaf);
  }

  private static String bearerToken(String authorization) throws InvalidTokenException {
    if (authorization == null || authorization.isBlank()) {
      throw new InvalidTokenException(Reason.CREDENTIALS_MISSING, "no authorization header");
    }
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String scheme = authorization.split(" ", 2)[0].toLowerCase(Locale.ROOT);
      throw new InvalidTokenException(
          Reason.TOKEN_INVALID, "authorization scheme '" + scheme + "' is not Bearer");
    }
    return authorization.substring(BEARER.length()).trim();
  }

  static <ReqT, RespT> ServerCall.Listener<ReqT> refuse(
      ServerCall<ReqT, RespT> call, StatusRuntimeException error) {
    Metadata trailers = error.getTrailers() == null ? new Metadata() : error.getTrailers();
    call.close(error.getStatus(), trailers);
    return new ServerCall.Listener<>() {};
  }
}
