package dev.fieldops.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gives a call without a client deadline the server's default one, so that every call is bounded: a
 * client that forgot its deadline is answered DEADLINE_EXCEEDED instead of waiting forever, and the
 * handler can see the bound. The deadline lives in the call's {@link Context} (handlers, timeouts
 * derived from it and outgoing calls see it) and, when it passes, the call is closed with
 * DEADLINE_EXCEEDED and its context cancelled, as gRPC does for a deadline the client sent.
 *
 * <p>Only unary calls get the default: a stream (bulk ingest, a watch) is meant to stay open as
 * long as the client keeps it, and ends when the client cancels or the server shuts down.
 */
final class DefaultDeadlineInterceptor implements ServerInterceptor {

  private final Duration deadline;
  private final ScheduledExecutorService scheduler;

  DefaultDeadlineInterceptor(Duration deadline, ScheduledExecutorService scheduler) {
    this.deadline = deadline;
    this.scheduler = scheduler;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    if (Context.current().getDeadline() != null
        || call.getMethodDescriptor().getType() != io.grpc.MethodDescriptor.MethodType.UNARY) {
      return next.startCall(call, headers);
    }
    Context.CancellableContext context =
        Context.current().withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS, scheduler);
    context.addListener(
        cancelled -> {
          if (Contexts.statusFromCancelled(cancelled).getCode() == Status.Code.DEADLINE_EXCEEDED) {
            call.close(
                Status.DEADLINE_EXCEEDED.withDescription(
                    "server default deadline of "
                        + deadline.toMillis()
                        + " ms exceeded; send a deadline to choose another"),
                new Metadata());
          }
        },
        Runnable::run);
    ServerCall.Listener<ReqT> listener;
    try {
      listener = Contexts.interceptCall(context, call, headers, next);
    } catch (RuntimeException | Error e) {
      context.cancel(null);
      throw e;
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } finally {
          context.cancel(null);
        }
      }

      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } finally {
          context.cancel(null);
        }
      }
    };
  }
}
