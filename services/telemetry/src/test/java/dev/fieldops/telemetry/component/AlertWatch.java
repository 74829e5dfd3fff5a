package dev.fieldops.telemetry.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fieldops.telemetry.v1.WatchAlertsRequest;
import dev.fieldops.telemetry.v1.WatchAlertsResponse;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WatchAlerts call that collects what it receives, open once the service has subscribed it. */
final class AlertWatch implements StreamObserver<WatchAlertsResponse> {

  final LinkedBlockingQueue<WatchAlertsResponse> changes = new LinkedBlockingQueue<>();
  final CompletableFuture<Status> end = new CompletableFuture<>();
  private final Context.CancellableContext context = Context.current().withCancellation();

  static AlertWatch open(RunningTelemetry service, String token, WatchAlertsRequest request) {
    int before = service.wiring().alertFeed().watcherCount();
    var watch = new AlertWatch();
    watch.context.run(() -> service.asyncAs(token).watchAlerts(request, watch));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> service.wiring().alertFeed().watcherCount() > before);
    return watch;
  }

  /** The next change, waiting up to 20 s for it. */
  WatchAlertsResponse next() throws InterruptedException {
    var change = changes.poll(20, TimeUnit.SECONDS);
    assertThat(change).as("an alert change within 20 s").isNotNull();
    return change;
  }

  void cancel() {
    context.cancel(null);
  }

  @Override
  public void onNext(WatchAlertsResponse change) {
    changes.add(change);
  }

  @Override
  public void onError(Throwable t) {
    end.complete(Status.fromThrowable(t));
  }

  @Override
  public void onCompleted() {
    end.complete(Status.OK);
  }
}
