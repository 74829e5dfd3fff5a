package dev.fieldops.cli;

import dev.fieldops.telemetry.v1.StreamReadingsRequest;
import dev.fieldops.telemetry.v1.StreamReadingsResponse;
import dev.fieldops.telemetry.v1.TelemetryServiceGrpc;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code StreamReadings} call as the client commands use it: {@link #requests} to send the
 * batches on (and complete), {@link #summary} completed with the server's accepted/rejected counts
 * once it has read them all, or with the call's error.
 */
public record ReadingStream(
    ClientCallStreamObserver<StreamReadingsRequest> requests,
    CompletableFuture<StreamReadingsResponse> summary) {

  /** Opens the call on {@code stub} (its deadline and credentials apply). */
  public static ReadingStream open(TelemetryServiceGrpc.TelemetryServiceStub stub) {
    var summary = new CompletableFuture<StreamReadingsResponse>();
    var requests =
        (ClientCallStreamObserver<StreamReadingsRequest>)
            stub.streamReadings(
                new StreamObserver<>() {
                  @Override
                  public void onNext(StreamReadingsResponse value) {
                    summary.complete(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    summary.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    return new ReadingStream(requests, summary);
  }
}
