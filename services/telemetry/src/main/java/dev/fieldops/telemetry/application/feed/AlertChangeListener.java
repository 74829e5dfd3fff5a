package dev.fieldops.telemetry.application.feed;

import java.util.List;

/**
 * Told about alert changes once they are committed. Called on the committing thread while the
 * devices' evaluation locks are held: implementations must return quickly and must not block (queue
 * the notices, do not write to a network peer).
 */
@FunctionalInterface
public interface AlertChangeListener {

  void alertsChanged(List<AlertNotice> notices);

  /** A listener that ignores everything (when nobody watches). */
  static AlertChangeListener none() {
    return notices -> {};
  }
}
