package dev.fieldops.telemetry.adapter.postgres;

import static dev.fieldops.telemetry.adapter.postgres.jooq.Tables.ALERT;

import dev.fieldops.jooq.ChannelListener;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.telemetry.application.feed.AlertNotice;
import dev.fieldops.telemetry.application.feed.InProcessAlertFeed;
import dev.fieldops.telemetry.domain.alert.AlertData;
import dev.fieldops.telemetry.domain.alert.AlertId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Objects;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the alert changes other replicas commit into this process's alert feed: listens on {@link
 * AlertChangeNotices#CHANNEL} over a dedicated connection ({@link ChannelListener}, which
 * reconnects by itself), skips the notifications this process sent (its feed had them at commit),
 * reads the alerts of the others back by id and hands them to the feed in notification order.
 *
 * <p>PostgreSQL does not keep notifications for a session that was not listening, so when the
 * connection is lost every current watcher is told that changes may have been missed (its call ends
 * and the client lists the alerts and watches again); watchers that subscribe afterwards start from
 * their own listing as usual.
 */
public final class AlertChangeRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertChangeRelay.class);

  private final ChannelListener listener;
  private volatile boolean listening;

  /**
   * @param notices the same origin the alert repository of this process notifies with
   */
  public AlertChangeRelay(
      DatabaseConfig database,
      DSLContext dsl,
      AlertChangeNotices notices,
      InProcessAlertFeed feed,
      Duration validateAfter) {
    Objects.requireNonNull(dsl, "dsl");
    Objects.requireNonNull(notices, "notices");
    Objects.requireNonNull(feed, "feed");
    this.listener =
        new ChannelListener(
            database,
            AlertChangeNotices.CHANNEL,
            validateAfter,
            new ChannelListener.Subscriber() {
              @Override
              public void listening() {
                listening = true;
              }

              @Override
              public void notified(String payload) {
                var decoded = AlertChangeNotices.decode(payload);
                if (decoded == null) {
                  LOG.warn("ignoring an alert change notification of another layout");
                  return;
                }
                if (decoded.origin().equals(notices.origin()) || decoded.entries().isEmpty()) {
                  return;
                }
                var ids = decoded.entries().stream().map(e -> e.alertId().value()).toList();
                var alerts = new HashMap<AlertId, AlertData>();
                dsl.selectFrom(ALERT)
                    .where(ALERT.ALERT_ID.eq(DSLAny.uuids(ids)))
                    .fetch()
                    .forEach(
                        row -> {
                          var data = JooqAlertRepository.data(row);
                          alerts.put(data.id(), data);
                        });
                var changed = new ArrayList<AlertNotice>();
                for (var entry : decoded.entries()) {
                  var alert = alerts.get(entry.alertId());
                  if (alert != null) {
                    changed.add(AlertNotice.fromElsewhere(alert, entry.transitions()));
                  }
                }
                if (!changed.isEmpty()) {
                  feed.alertsChanged(changed);
                }
              }

              @Override
              public void lost() {
                listening = false;
                feed.changesMayHaveBeenMissed();
              }

              @Override
              public void stopped() {
                listening = false;
              }
            });
  }

  /** A fresh origin: one per process. */
  public static AlertChangeNotices notices() {
    return new AlertChangeNotices(java.util.UUID.randomUUID().toString());
  }

  /** Starts listening on a thread of its own. */
  public AlertChangeRelay start() {
    listener.start("telemetry-alert-changes");
    return this;
  }

  /** Whether LISTEN is in effect (changes of other replicas are arriving). */
  public boolean isListening() {
    return listening;
  }

  @Override
  public void close() {
    listener.stop();
  }
}
