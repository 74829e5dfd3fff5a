package dev.fieldops.grpc;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.fieldops.kernel.Principal;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-principal limits of {@link AbuseLimits}, right after authentication so that a refused
 * call costs no more than a token check and the handler never runs. In order:
 *
 * <ol>
 *   <li>the token bucket of the caller and the method's {@link CallClass}: empty → {@code
 *       RESOURCE_EXHAUSTED}, reason {@value #RATE_LIMITED}, with a {@code google.rpc.RetryInfo}
 *       whose {@code retry_delay} is the time until the next token;
 *   <li>the caller's calls in flight: at the limit → {@value #TOO_MANY_CONCURRENT_CALLS};
 *   <li>for {@link CallClass#WATCH} methods, the caller's open watch streams and the server's: at
 *       either limit → {@value #TOO_MANY_WATCHERS}.
 * </ol>
 *
 * A slot is held from the call's start to its end (completed or cancelled). Health and reflection
 * have no principal and pass.
 */
final class CallLimitInterceptor implements ServerInterceptor {

  static final String RATE_LIMITED = "RATE_LIMITED";
  static final String TOO_MANY_CONCURRENT_CALLS = "TOO_MANY_CONCURRENT_CALLS";
  static final String TOO_MANY_WATCHERS = "TOO_MANY_WATCHERS";

  private static final Logger log = LoggerFactory.getLogger(CallLimitInterceptor.class);

  private final AbuseLimits limits;
  private final MethodPolicy policy;
  private final ErrorMapper errors;
  private final Map<CallClass, TokenBuckets> buckets = new EnumMap<>(CallClass.class);
  private final Map<String, AtomicInteger> callsInFlight = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> watchers = new ConcurrentHashMap<>();
  private final AtomicInteger allWatchers = new AtomicInteger();

  CallLimitInterceptor(AbuseLimits limits, MethodPolicy policy, ErrorMapper errors, Ticker ticker) {
    this.limits = limits;
    this.policy = policy;
    this.errors = errors;
    for (CallClass callClass : CallClass.values()) {
      // WATCH starts share the READS bucket: one budget for everything that reads.
      CallClass bucketClass = callClass == CallClass.WATCH ? CallClass.READS : callClass;
      buckets.computeIfAbsent(bucketClass, c -> new TokenBuckets(limits.rateOf(c), ticker));
      buckets.putIfAbsent(callClass, buckets.get(bucketClass));
    }
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    Principal principal = CallPrincipal.KEY.get();
    String method = call.getMethodDescriptor().getFullMethodName();
    if (principal == null || PlatformMethods.isPublic(method)) {
      return next.startCall(call, headers);
    }
    String key = keyOf(principal);
    CallClass callClass = policy.callClass(method);

    long waitNanos = buckets.get(callClass).tryTake(key);
    if (waitNanos > 0) {
      Duration retryDelay = Duration.ofNanos(waitNanos);
      log.debug("rate-limited {} calling {} ({})", key, method, callClass);
      String variable = callClass.rateVariable();
      return AuthenticationInterceptor.refuse(
          call,
          errors.retryableError(
              Status.Code.RESOURCE_EXHAUSTED,
              RATE_LIMITED,
              "rate limit of "
                  + callClass.name().toLowerCase(Locale.ROOT).replaceFirst("s$", "")
                  + " calls reached ("
                  + variable
                  + " = "
                  + limits.rateOf(callClass)
                  + "); retry after "
                  + retryDelay.toMillis()
                  + " ms",
              Map.of(
                  "call_class", callClass.name(),
                  "limit", limits.rateOf(callClass).toString(),
                  "variable", variable),
              retryDelay));
    }

    AtomicInteger inFlight = acquire(callsInFlight, key, limits.maxConcurrentCallsPerPrincipal());
    if (inFlight == null) {
      return AuthenticationInterceptor.refuse(
          call,
          errors.error(
              Status.Code.RESOURCE_EXHAUSTED,
              TOO_MANY_CONCURRENT_CALLS,
              "this caller already has "
                  + limits.maxConcurrentCallsPerPrincipal()
                  + " calls in flight; wait for one to finish",
              Map.of(
                  "limit",
                  Integer.toString(limits.maxConcurrentCallsPerPrincipal()),
                  "variable",
                  "GRPC_MAX_CONCURRENT_CALLS_PER_PRINCIPAL")));
    }
    Runnable release = () -> releaseSlot(callsInFlight, key, inFlight);

    if (callClass == CallClass.WATCH) {
      AtomicInteger own = acquire(watchers, key, limits.maxWatchersPerPrincipal());
      boolean serverHasRoom = own != null && incrementBelow(allWatchers, limits.maxWatchers());
      if (!serverHasRoom) {
        if (own != null) {
          releaseSlot(watchers, key, own);
        }
        release.run();
        boolean perPrincipal = own == null;
        int limit = perPrincipal ? limits.maxWatchersPerPrincipal() : limits.maxWatchers();
        return AuthenticationInterceptor.refuse(
            call,
            errors.error(
                Status.Code.RESOURCE_EXHAUSTED,
                TOO_MANY_WATCHERS,
                (perPrincipal ? "this caller already watches " : "the server already serves ")
                    + limit
                    + " watch streams; end one first",
                Map.of(
                    "limit",
                    Integer.toString(limit),
                    "variable",
                    perPrincipal ? "GRPC_MAX_WATCHERS_PER_PRINCIPAL" : "GRPC_MAX_WATCHERS")));
      }
      Runnable releaseCall = release;
      release =
          () -> {
            allWatchers.decrementAndGet();
            releaseSlot(watchers, key, own);
            releaseCall.run();
          };
    }
    return started(call, headers, next, release);
  }

  private static <ReqT, RespT> ServerCall.Listener<ReqT> started(
      ServerCall<ReqT, RespT> call,
      Metadata headers,
      ServerCallHandler<ReqT, RespT> next,
      Runnable release) {
    AtomicBoolean released = new AtomicBoolean();
    Runnable once =
        () -> {
          if (released.compareAndSet(false, true)) {
            release.run();
          }
        };
    ServerCall.Listener<ReqT> delegate;
    try {
      delegate = next.startCall(call, headers);
    } catch (RuntimeException | Error e) {
      once.run();
      throw e;
    }
    // Exactly one of onComplete and onCancel ends every call that was started.
    return new SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } finally {
          once.run();
        }
      }

      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } finally {
          once.run();
        }
      }
    };
  }

  /** The counter of {@code key} incremented, or null when it is at {@code max}. */
  private static AtomicInteger acquire(Map<String, AtomicInteger> counters, String key, int max) {
    while (true) {
      AtomicInteger counter = counters.computeIfAbsent(key, k -> new AtomicInteger());
      int current = counter.get();
      if (current < 0) {
        continue; // being removed by a release; take a fresh one
      }
      if (current >= max) {
        return null;
      }
      if (counter.compareAndSet(current, current + 1)) {
        return counter;
      }
    }
  }

  /**
   * Decrements a counter and drops it from the map at zero (marking it -1 first so that no
   * concurrent acquire increments a counter that is no longer in the map).
   */
  private static void releaseSlot(
      Map<String, AtomicInteger> counters, String key, AtomicInteger counter) {
    if (counter.decrementAndGet() == 0 && counter.compareAndSet(0, -1)) {
      counters.remove(key, counter);
    }
  }

  private static boolean incrementBelow(AtomicInteger counter, int max) {
    while (true) {
      int current = counter.get();
      if (current >= max) {
        return false;
      }
      if (counter.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /** Whose budget a call is taken from: one per customer, device, staff member or context. */
  static String keyOf(Principal principal) {
    return switch (principal) {
      case Principal.Staff staff -> "staff:" + staff.subject();
      case Principal.Customer customer -> "customer:" + customer.customerId();
      case Principal.Device device -> "device:" + device.deviceId();
      case Principal.Service service -> "service:" + service.context();
    };
  }

  /** Open watch streams on this server (for tests). */
  int watchers() {
    return allWatchers.get();
  }
}
