package dev.fieldops.telemetry.application.feed;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Fans committed alert changes out to the watchers of this process. Delivery is synchronous, on the
 * committing thread: a subscriber must only hand the notice over (e.g. to a bounded queue of its
 * stream); one that throws is unsubscribed, so it cannot disturb ingest or other watchers.
 *
 * <p>To show a watcher the current state and then every change without a gap, subscribe first, then
 * list the open alerts, and let the stream drop notices older (by alert version) than what the
 * listing returned.
 */
public final class InProcessAlertFeed implements AlertChangeListener {

  private final CopyOnWriteArrayList<Watcher> watchers = new CopyOnWriteArrayList<>();

  /** Starts delivering matching notices to {@code subscriber} until the subscription is closed. */
  public Subscription subscribe(AlertFeedFilter filter, Consumer<AlertNotice> subscriber) {
    var watcher =
        new Watcher(
            Objects.requireNonNull(filter, "filter"),
            Objects.requireNonNull(subscriber, "subscriber"));
    watchers.add(watcher);
    return watcher;
  }

  @Override
  public void alertsChanged(List<AlertNotice> notices) {
    for (Watcher watcher : watchers) {
      for (AlertNotice notice : notices) {
        if (!watcher.deliver(notice)) {
          break;
        }
      }
    }
  }

  /** How many watchers are subscribed. */
  public int watcherCount() {
    return watchers.size();
  }

  private final class Watcher implements Subscription {
    private final AlertFeedFilter filter;
    private final Consumer<AlertNotice> subscriber;
    private volatile boolean active = true;

    Watcher(AlertFeedFilter filter, Consumer<AlertNotice> subscriber) {
      this.filter = filter;
      this.subscriber = subscriber;
    }

    /** Delivers if matching; false when the watcher is (now) inactive. */
    boolean deliver(AlertNotice notice) {
      if (!active) {
        return false;
      }
      if (!filter.matches(notice.alert())) {
        return true;
      }
      try {
        subscriber.accept(notice);
        return true;
      } catch (RuntimeException subscriberFailed) {
        close();
        return false;
      }
    }

    @Override
    public boolean isActive() {
      return active;
    }

    @Override
    public void close() {
      active = false;
      watchers.remove(this);
    }
  }
}
