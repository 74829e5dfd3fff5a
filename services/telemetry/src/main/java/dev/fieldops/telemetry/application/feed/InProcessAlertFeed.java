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
    return subscribe(filter, subscriber, () -> {});
  }

  /**
   * As {@link #subscribe(AlertFeedFilter, Consumer)}; {@code onGap} runs (once, and the
   * subscription ends) if changes may have been missed: see {@link #changesMayHaveBeenMissed()}.
   */
  public Subscription subscribe(
      AlertFeedFilter filter, Consumer<AlertNotice> subscriber, Runnable onGap) {
    var watcher =
        new Watcher(
            Objects.requireNonNull(filter, "filter"),
            Objects.requireNonNull(subscriber, "subscriber"),
            Objects.requireNonNull(onGap, "onGap"));
    watchers.add(watcher);
    return watcher;
  }

  /**
   * Changes committed elsewhere (another replica) may not have reached this feed, e.g. while its
   * connection to the database's notifications was down: every current watcher is told and
   * unsubscribed, so that it lists the alerts again and watches anew instead of missing a change
   * silently.
   */
  public void changesMayHaveBeenMissed() {
    for (Watcher watcher : watchers) {
      watcher.gap();
    }
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
    private final Runnable onGap;
    private volatile boolean active = true;

    Watcher(AlertFeedFilter filter, Consumer<AlertNotice> subscriber, Runnable onGap) {
      this.filter = filter;
      this.subscriber = subscriber;
      this.onGap = onGap;
    }

    void gap() {
      if (!active) {
        return;
      }
      close();
      try {
        onGap.run();
      } catch (RuntimeException ignored) {
        // Unsubscribed already; nothing else to do for a watcher that fails.
      }
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
