package dev.fieldops.telemetry.application.query;

import dev.fieldops.telemetry.application.feed.AlertFeedFilter;
import dev.fieldops.telemetry.application.feed.AlertNotice;
import dev.fieldops.telemetry.application.feed.InProcessAlertFeed;
import dev.fieldops.telemetry.application.feed.Subscription;
import dev.fieldops.telemetry.application.shared.TelemetryAccess;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Subscribes a watcher to live alert changes within the caller's scope. A caller who may not see
 * alerts at all gets a subscription that never delivers, exactly like one whose filter matches
 * nothing. The subscriber runs on the committing thread and must only enqueue.
 */
public final class WatchAlertsHandler {

  private final InProcessAlertFeed feed;

  public WatchAlertsHandler(InProcessAlertFeed feed) {
    this.feed = Objects.requireNonNull(feed, "feed");
  }

  public Subscription handle(WatchAlerts query, Consumer<AlertNotice> subscriber) {
    return handle(query, subscriber, () -> {});
  }

  /**
   * As {@link #handle(WatchAlerts, Consumer)}; {@code onGap} runs when the subscription ends
   * because changes may have been missed (the watcher lists the alerts and watches again).
   */
  public Subscription handle(WatchAlerts query, Consumer<AlertNotice> subscriber, Runnable onGap) {
    var scope = TelemetryAccess.toRulesAndAlerts(query.principal());
    if (scope.isEmpty()) {
      return new Subscription() {
        private volatile boolean active = true;

        @Override
        public boolean isActive() {
          return active;
        }

        @Override
        public void close() {
          active = false;
        }
      };
    }
    return feed.subscribe(
        new AlertFeedFilter(scope.get(), query.customerId(), query.deviceId(), query.severity()),
        subscriber,
        onGap);
  }
}
