package dev.fieldops.telemetry.adapter.postgres;

import dev.fieldops.jooq.ChannelListener;
import dev.fieldops.jooq.DatabaseConfig;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops the cache entries that other replicas' changes made stale: listens on {@link
 * CacheInvalidations#CHANNEL} over a dedicated connection ({@link ChannelListener}, which
 * reconnects by itself) and forgets the customer's rules or the device's profile each notification
 * names. Whenever the listening (re)starts, notifications may have been missed, so it forgets
 * everything then.
 *
 * <p>Correctness does not rest on the notifications: the evaluation pass checks the versions of the
 * cached entries it uses in its locking query. The notifications keep the caches fresh so that such
 * a check rarely fails.
 */
public final class CacheInvalidationRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CacheInvalidationRelay.class);

  private final ChannelListener listener;
  private volatile boolean listening;

  public CacheInvalidationRelay(
      DatabaseConfig database,
      JooqDeviceDirectory directory,
      JooqRuleBook ruleBook,
      Duration validateAfter) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(ruleBook, "ruleBook");
    this.listener =
        new ChannelListener(
            database,
            CacheInvalidations.CHANNEL,
            validateAfter,
            new ChannelListener.Subscriber() {
              @Override
              public void listening() {
                // Whatever changed while nobody listened is unknown: start from nothing.
                directory.clear();
                ruleBook.clear();
                listening = true;
              }

              @Override
              public void notified(String payload) {
                var decoded = CacheInvalidations.decode(payload);
                if (decoded.isEmpty()) {
                  LOG.warn("ignoring a cache invalidation of another layout: {}", payload);
                  return;
                }
                switch (decoded.get()) {
                  case CacheInvalidations.Invalidated.Rules rules ->
                      ruleBook.invalidate(rules.customer());
                  case CacheInvalidations.Invalidated.Device device ->
                      directory.invalidate(device.device());
                }
              }

              @Override
              public void lost() {
                listening = false;
                directory.clear();
                ruleBook.clear();
              }

              @Override
              public void stopped() {
                listening = false;
              }
            });
  }

  /** Starts listening on a thread of its own. */
  public CacheInvalidationRelay start() {
    listener.start("telemetry-cache-invalidation");
    return this;
  }

  /** Whether LISTEN is in effect (other replicas' changes are arriving). */
  public boolean isListening() {
    return listening;
  }

  @Override
  public void close() {
    listener.stop();
  }
}
