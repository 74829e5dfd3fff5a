package dev.fieldops.grpc;

import io.grpc.Context;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever a handler (or an inner interceptor) throws into a rich status via {@link
 * ErrorMapper}, in the listener-wrapping shape of grpc-java's {@code
 * TransmitStatusRuntimeExceptionInterceptor}: exceptions escaping {@code onMessage}, {@code
 * onHalfClose} and the other callbacks are caught and the call is closed with the mapped status.
 * Left alone, gRPC would answer UNKNOWN without details.
 *
 * <p>It also wraps the call, for two reasons. A handler that reports through {@code
 * StreamObserver.onError(exception)} makes grpc-stub close with UNKNOWN carrying that exception as
 * cause: such a close is mapped the same way. And since a call may now be closed from several
 * threads (handler, deadline timer, this interceptor), the wrapper serialises {@code close} and
 * {@code sendMessage} and turns a second close into a no-op instead of an IllegalStateException.
 */
final class ExceptionMappingInterceptor implements ServerInterceptor {

  private static final Logger log = LoggerFactory.getLogger(ExceptionMappingInterceptor.class);

  private final ErrorMapper mapper;

  ExceptionMappingInterceptor(ErrorMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    GuardedServerCall<ReqT, RespT> guarded = new GuardedServerCall<>(call, mapper);
    Context context = Context.current().withValue(ErrorMapper.KEY, mapper);
    Context previous = context.attach();
    ServerCall.Listener<ReqT> delegate;
    try {
      delegate = next.startCall(guarded, headers);
    } catch (RuntimeException | Error e) {
      guarded.closeWithFailure(rethrowFatal(e));
      return new ServerCall.Listener<>() {};
    } finally {
      context.detach(previous);
    }
    return new GuardedListener<>(delegate, guarded, context);
  }

  private static Throwable rethrowFatal(Throwable t) {
    if (t instanceof VirtualMachineError fatal) {
      throw fatal;
    }
    return t;
  }

  /** Serialises closing and sending; maps exceptions that arrive as a close status's cause. */
  static final class GuardedServerCall<ReqT, RespT>
      extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {

    private final ReentrantLock lock = new ReentrantLock();
    private final ErrorMapper mapper;
    private boolean closed;

    GuardedServerCall(ServerCall<ReqT, RespT> delegate, ErrorMapper mapper) {
      super(delegate);
      this.mapper = mapper;
    }

    @Override
    public void sendHeaders(Metadata headers) {
      lock.lock();
      try {
        if (!closed) {
          super.sendHeaders(headers);
        }
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void sendMessage(RespT message) {
      lock.lock();
      try {
        if (closed) {
          // Tells a streaming handler to stop producing; the client already has its status.
          throw Status.CANCELLED.withDescription("call already closed").asRuntimeException();
        }
        super.sendMessage(message);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close(Status status, Metadata trailers) {
      Throwable cause = status.getCause();
      if (status.getCode() == Status.Code.UNKNOWN && cause != null) {
        closeWithFailure(cause);
        return;
      }
      closeOnce(status, trailers);
    }

    void closeWithFailure(Throwable failure) {
      StatusRuntimeException mapped =
          mapper.map(failure, getMethodDescriptor().getFullMethodName());
      Metadata trailers = mapped.getTrailers() == null ? new Metadata() : mapped.getTrailers();
      closeOnce(mapped.getStatus(), trailers);
    }

    private void closeOnce(Status status, Metadata trailers) {
      lock.lock();
      try {
        if (closed) {
          log.debug(
              "ignoring a second close of {} with {}",
              getMethodDescriptor().getFullMethodName(),
              status.getCode());
          return;
        }
        closed = true;
        super.close(status, trailers);
      } finally {
        lock.unlock();
      }
    }
  }

  private static final class GuardedListener<ReqT>
      extends ForwardingServerCallListener.SimpleForwardingServerCallListener<ReqT> {

    private final GuardedServerCall<ReqT, ?> call;
    private final Context context;

    GuardedListener(
        ServerCall.Listener<ReqT> delegate, GuardedServerCall<ReqT, ?> call, Context context) {
      super(delegate);
      this.call = call;
      this.context = context;
    }

    @Override
    public void onMessage(ReqT message) {
      guard(() -> super.onMessage(message));
    }

    @Override
    public void onHalfClose() {
      guard(super::onHalfClose);
    }

    @Override
    public void onReady() {
      guard(super::onReady);
    }

    @Override
    public void onCancel() {
      runQuietly(super::onCancel);
    }

    @Override
    public void onComplete() {
      runQuietly(super::onComplete);
    }

    private void guard(Runnable callback) {
      Context previous = context.attach();
      try {
        callback.run();
      } catch (RuntimeException | Error e) {
        call.closeWithFailure(rethrowFatal(e));
      } finally {
        context.detach(previous);
      }
    }

    /** The call is over: nothing to tell the client, but the failure must not vanish. */
    private void runQuietly(Runnable callback) {
      Context previous = context.attach();
      try {
        callback.run();
      } catch (RuntimeException e) {
        log.warn("failure after {} ended", call.getMethodDescriptor().getFullMethodName(), e);
      } finally {
        context.detach(previous);
      }
    }
  }
}
