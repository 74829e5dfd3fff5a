package dev.fieldops.telemetry.adapter.grpc;

import static dev.fieldops.grpc.ProtoTimes.timestamp;

import dev.fieldops.grpc.ErrorMapper;
import dev.fieldops.telemetry.adapter.proto.TelemetryProtos;
import dev.fieldops.telemetry.application.feed.AlertNotice;
import dev.fieldops.telemetry.application.feed.Subscription;
import dev.fieldops.telemetry.domain.alert.AlertId;
import dev.fieldops.telemetry.v1.AlertChangeType;
import dev.fieldops.telemetry.v1.WatchAlertsResponse;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One {@code WatchAlerts} call: committed alert changes, as the in-process feed hands them over,
 * streamed to the client until it cancels.
 *
 * <p>The feed calls the subscriber on the committing thread, so the subscriber only puts the notice
 * into a bounded queue; a sender thread writes to the client as fast as HTTP/2 flow control lets it
 * ({@code isReady}). Nothing is dropped silently: a watcher whose queue overflows (a client that
 * does not read) is ended with RESOURCE_EXHAUSTED, and re-lists and watches again. The subscription
 * is made when the call starts, so no change committed while the call is open is lost. Changes
 * committed by other replicas arrive through the database's notifications; if this replica's
 * notification connection was interrupted (changes may have been missed), the call ends with
 * UNAVAILABLE (reason {@value #GAP_REASON}) once what was queued is sent, and the client re-lists
 * and watches again, as after an overflow.
 */
final class AlertWatchStream {

  static final String OVERFLOW_REASON = "WATCH_QUEUE_OVERFLOW";
  static final String GAP_REASON = "ALERT_FEED_INTERRUPTED";
  private static final int REMEMBERED_PEAKS = 10_000;

  private final ServerCallStreamObserver<WatchAlertsResponse> call;
  private final int capacity;
  private final ErrorMapper errors;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<AlertNotice> queue = new ArrayDeque<>();
  private boolean overflowed;
  private boolean gap;
  private boolean cancelled;
  private Subscription subscription;
  // The peak last sent per alert, so that a silent update is sent only when the peak moved.
  private final Map<AlertId, Double> peaks =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<AlertId, Double> eldest) {
          return size() > REMEMBERED_PEAKS;
        }
      };

  private AlertWatchStream(
      ServerCallStreamObserver<WatchAlertsResponse> call, int capacity, ErrorMapper errors) {
    this.call = call;
    this.capacity = capacity;
    this.errors = errors;
  }

  /**
   * Subscribes through {@code subscribe} and streams until the client cancels; to be called from
   * the service method.
   */
  static void start(
      StreamObserver<WatchAlertsResponse> responses,
      int capacity,
      BiFunction<Consumer<AlertNotice>, Runnable, Subscription> subscribe) {
    var call = (ServerCallStreamObserver<WatchAlertsResponse>) responses;
    var watch = new AlertWatchStream(call, capacity, ErrorMapper.current());
    call.setOnCancelHandler(watch::cancel);
    call.setOnReadyHandler(watch::wake);
    var context = Context.current();
    context.addListener(ended -> watch.cancel(), Runnable::run);
    watch.subscription = subscribe.apply(watch::offer, watch::interrupt);
    // The call's span goes along too (it lives in OpenTelemetry's context, not gRPC's).
    Thread.ofVirtual()
        .name("watch-alerts")
        .start(context.wrap(io.opentelemetry.context.Context.current().wrap(watch::send)));
  }

  /** The feed's subscriber: never blocks, never throws. */
  private void offer(AlertNotice notice) {
    lock.lock();
    try {
      if (cancelled || overflowed) {
        return;
      }
      if (queue.size() >= capacity) {
        overflowed = true;
      } else {
        queue.add(notice);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The feed may have missed changes: end the call once what is queued has been sent. */
  private void interrupt() {
    lock.lock();
    try {
      gap = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void wake() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void cancel() {
    lock.lock();
    try {
      cancelled = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void send() {
    try {
      while (true) {
        AlertNotice notice;
        lock.lock();
        try {
          while (!cancelled
              && !overflowed
              && !(gap && queue.isEmpty())
              && (queue.isEmpty() || !call.isReady())) {
            changed.await();
          }
          if (cancelled) {
            return;
          }
          if (overflowed || (gap && queue.isEmpty())) {
            break;
          }
          notice = queue.poll();
        } finally {
          lock.unlock();
        }
        for (WatchAlertsResponse change : changes(notice)) {
          call.onNext(change);
        }
      }
      if (!overflowed) {
        call.onError(
            errors.error(
                Status.Code.UNAVAILABLE,
                GAP_REASON,
                "this replica may have missed alert changes committed by another one; list the"
                    + " alerts and watch again",
                Map.of()));
        return;
      }
      call.onError(
          errors.error(
              Status.Code.RESOURCE_EXHAUSTED,
              OVERFLOW_REASON,
              "the watcher fell more than "
                  + capacity
                  + " changes behind; list the alerts and watch again",
              Map.of("capacity", Integer.toString(capacity))));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException callGone) {
      // The call ended (cancelled, deadline) while sending: nothing left to do.
    } finally {
      subscription.close();
    }
  }

  /** The responses for one committed change: one per transition, or one for a new peak. */
  private List<WatchAlertsResponse> changes(AlertNotice notice) {
    var alert = notice.alert();
    var view = TelemetryProtos.alert(alert);
    var responses = new ArrayList<WatchAlertsResponse>();
    if (notice.isSilentUpdate()) {
      var lastSent = peaks.get(alert.id());
      boolean peakMoved =
          lastSent == null ? alert.lastValue() == alert.peakValue() : lastSent != alert.peakValue();
      if (peakMoved) {
        responses.add(
            WatchAlertsResponse.newBuilder()
                .setChangeType(AlertChangeType.ALERT_CHANGE_TYPE_UPDATED)
                .setAlert(view)
                .setChangeTime(timestamp(alert.updateTime()))
                .build());
      }
    }
    for (AlertNotice.Transition transition : notice.transitions()) {
      responses.add(
          WatchAlertsResponse.newBuilder()
              .setChangeType(type(transition.kind()))
              .setAlert(view)
              .setChangeTime(timestamp(transition.occurTime()))
              .build());
    }
    if (alert.isOpen()) {
      peaks.put(alert.id(), alert.peakValue());
    } else {
      peaks.remove(alert.id());
    }
    return responses;
  }

  private static AlertChangeType type(AlertNotice.Kind kind) {
    return switch (kind) {
      case RAISED -> AlertChangeType.ALERT_CHANGE_TYPE_RAISED;
      case ESCALATED -> AlertChangeType.ALERT_CHANGE_TYPE_ESCALATED;
      case ACKNOWLEDGED -> AlertChangeType.ALERT_CHANGE_TYPE_ACKNOWLEDGED;
      case CLEARED -> AlertChangeType.ALERT_CHANGE_TYPE_CLEARED;
    };
  }
}
