package dev.fieldops.test.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.grpc.stub.AbstractStub;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A deadline for each call a stub makes, counted from that call's start. {@code
 * stub.withDeadlineAfter(d)} fixes one point in time when the stub is made: a stub kept in a field
 * and used for a whole test class then refuses its later calls ("ClientCall started after
 * CallOptions deadline was exceeded") once the class has run longer than {@code d}, which on a busy
 * machine it does.
 */
public final class CallDeadlines {

  private CallDeadlines() {}

  /** {@code stub}, each of whose calls must end within {@code deadline} of its start. */
  public static <S extends AbstractStub<S>> S eachWithin(S stub, Duration deadline) {
    long nanos = deadline.toNanos();
    return stub.withInterceptors(
        new ClientInterceptor() {
          @Override
          public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
              MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
            return next.newCall(method, callOptions.withDeadlineAfter(nanos, TimeUnit.NANOSECONDS));
          }
        });
  }
}
