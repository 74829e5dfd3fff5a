package dev.fieldops.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.StringJoiner;

/**
 * What each step of a start cost, for the line a service logs when it serves: {@code before 812 ms,
 * observability 95 ms, database 640 ms, ...}. "before" is the time from the process's start (as the
 * operating system recorded it) to the first step: the JVM's own start and class loading up to
 * {@link ServiceRuntime#start}. Not thread-safe: one start, one thread.
 */
final class StartupSteps {

  private final StringJoiner text = new StringJoiner(", ");
  private long last = System.nanoTime();

  StartupSteps() {
    long before = processUptimeMillis();
    if (before >= 0) {
      text.add("before " + before + " ms");
    }
  }

  /** Records that step {@code name} ended now. */
  void done(String name) {
    long now = System.nanoTime();
    text.add(name + " " + Duration.ofNanos(now - last).toMillis() + " ms");
    last = now;
  }

  @Override
  public String toString() {
    return text.toString();
  }

  /**
   * Milliseconds since the operating system started this process (its clock's resolution, 10 ms on
   * Linux), or -1 when the platform does not tell.
   */
  static long processUptimeMillis() {
    return ProcessHandle.current()
        .info()
        .startInstant()
        .map(start -> Duration.between(start, Instant.now()).toMillis())
        .orElse(-1L);
  }
}
