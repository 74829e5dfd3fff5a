package dev.fieldops.telemetry.application.feed;

/** A watcher's registration; closing it stops delivery. */
public interface Subscription extends AutoCloseable {

  /** Whether notices are still delivered (false after close, or after the subscriber threw). */
  boolean isActive();

  @Override
  void close();
}
