package dev.fieldops.grpc;

import build.buf.protovalidate.Validator;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.fieldops.grpc.auth.TokenVerifier;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The one place that fixes the order of the server's interceptors. Outermost first, each sees the
 * call before and its outcome after everything below it:
 *
 * <ol>
 *   <li>{@link AccessLogInterceptor}: request and trace ids, one line per call with the final
 *       status, including calls refused further in;
 *   <li>{@link ExceptionMappingInterceptor}: whatever escapes anything below (handlers, but also a
 *       broken validation rule) becomes a rich status; makes closing the call thread-safe for the
 *       layers below, which may close it from other threads (the deadline timer);
 *   <li>{@link MetadataLimitInterceptor}: oversized metadata is refused before anything reads it
 *       (the token included);
 *   <li>{@link DefaultDeadlineInterceptor}: a bound for calls without a client deadline, covering
 *       token verification (which may fetch keys) as well as the handler;
 *   <li>{@link AuthenticationInterceptor}: no valid token, no further step: the handler never
 *       starts;
 *   <li>{@link CallLimitInterceptor}: the caller's rate limit and concurrency limits ({@link
 *       AbuseLimits}), as soon as the caller is known and before any other work is spent on it;
 *   <li>{@link AuthorizationInterceptor}: the method policy, deny by default, before any request
 *       content is looked at;
 *   <li>{@link ValidationInterceptor}: protovalidate on each request message;
 *   <li>the service's handler.
 * </ol>
 *
 * <p>The request flow is auth → validation → deadline → error mapping as stages of the request
 * flow; here the deadline and the error mapping wrap the other stages so that they also bound and
 * map them. {@code ServerInterceptors.intercept} would run its last argument first; this class uses
 * {@code interceptForward} so the list reads in call order. Metrics and tracing interceptors will
 * go right after the access log.
 */
final class InterceptorChain {

  private final List<ServerInterceptor> outermostFirst;

  InterceptorChain(
      ErrorMapper errors,
      int maxMetadataBytes,
      Duration defaultDeadline,
      ScheduledExecutorService deadlineTimer,
      TokenVerifier verifier,
      MethodPolicy policy,
      Validator validator,
      AbuseLimits limits) {
    this.outermostFirst =
        List.of(
            new AccessLogInterceptor(),
            new ExceptionMappingInterceptor(errors),
            new MetadataLimitInterceptor(maxMetadataBytes, errors),
            new DefaultDeadlineInterceptor(defaultDeadline, deadlineTimer),
            new AuthenticationInterceptor(verifier, errors),
            new CallLimitInterceptor(limits, policy, errors, Ticker.systemTicker()),
            new AuthorizationInterceptor(policy, errors),
            new ValidationInterceptor(validator, errors));
  }

  ServerServiceDefinition wrap(ServerServiceDefinition service) {
    return ServerInterceptors.interceptForward(service, outermostFirst);
  }
}
