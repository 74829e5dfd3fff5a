package dev.fieldops.grpc;

import dev.fieldops.grpc.testing.v1.CollectRequest;
import dev.fieldops.grpc.testing.v1.CollectResponse;
import dev.fieldops.grpc.testing.v1.EchoRequest;
import dev.fieldops.grpc.testing.v1.EchoResponse;
import dev.fieldops.grpc.testing.v1.EchoServiceGrpc;
import dev.fieldops.grpc.testing.v1.WatchRequest;
import dev.fieldops.grpc.testing.v1.WatchResponse;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/** The tests' service: counts every handler invocation; each test plugs in Echo's behaviour. */
final class EchoService extends EchoServiceGrpc.EchoServiceImplBase {

  final AtomicInteger invocations = new AtomicInteger();
  final AtomicInteger collectedMessages = new AtomicInteger();

  /** Whether the last Watch call ran with a deadline in its context. */
  volatile boolean watchHadDeadline;

  private volatile BiConsumer<EchoRequest, StreamObserver<EchoResponse>> echo =
      (request, response) -> {
        response.onNext(EchoResponse.newBuilder().setText(request.getText()).build());
        response.onCompleted();
      };

  void onEcho(BiConsumer<EchoRequest, StreamObserver<EchoResponse>> behaviour) {
    this.echo = behaviour;
  }

  /** Echo throws {@code failure} from the handler. */
  void echoThrows(RuntimeException failure) {
    onEcho(
        (request, response) -> {
          throw failure;
        });
  }

  @Override
  public void echo(EchoRequest request, StreamObserver<EchoResponse> response) {
    invocations.incrementAndGet();
    echo.accept(request, response);
  }

  @Override
  public StreamObserver<CollectRequest> collect(StreamObserver<CollectResponse> response) {
    invocations.incrementAndGet();
    StringBuilder text = new StringBuilder();
    return new StreamObserver<>() {
      @Override
      public void onNext(CollectRequest request) {
        collectedMessages.incrementAndGet();
        text.append(request.getText());
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        response.onNext(
            CollectResponse.newBuilder()
                .setText(text.toString())
                .setCount(collectedMessages.get())
                .build());
        response.onCompleted();
      }
    };
  }

  @Override
  public void watch(WatchRequest request, StreamObserver<WatchResponse> response) {
    invocations.incrementAndGet();
    watchHadDeadline = io.grpc.Context.current().getDeadline() != null;
    response.onNext(WatchResponse.newBuilder().setText(request.getText()).build());
    response.onCompleted();
  }
}
