package dev.fieldops.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
   * Milliseconds since the operating system started this process, or -1 when the platform does not
   * tell. On Linux both ends are read from the kernel's clock since boot ({@code /proc/self/stat}'s
   * start time in clock ticks, {@code /proc/uptime}), to 10 ms. {@link ProcessHandle}'s start
   * instant is only the fallback: it adds the ticks to the boot time in whole seconds ({@code
   * btime} of {@code /proc/stat}), and the wall clock drifts from the boot clock, so its figure was
   * 0.7 s too high on a machine where a bare JVM reaches {@code main} in 40 ms.
   */
  static long processUptimeMillis() {
    long linux = linuxProcessUptimeMillis(Path.of("/proc/self/stat"), Path.of("/proc/uptime"));
    if (linux >= 0) {
      return linux;
    }
    return ProcessHandle.current()
        .info()
        .startInstant()
        .map(start -> Duration.between(start, Instant.now()).toMillis())
        .orElse(-1L);
  }

  /**
   * Linux's process clock ticks per second ({@code USER_HZ}, 100 on every Linux the JDK runs on).
   */
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  /**
   * The process's age from its {@code stat} (field 22, start time in clock ticks after boot) and
   * {@code uptime} (seconds since boot) files, or -1 when either cannot be read or parsed.
   */
  static long linuxProcessUptimeMillis(Path stat, Path uptime) {
    try {
      String statLine = Files.readString(stat);
      // The command name (field 2) is in parentheses and may hold spaces: count after its ')'.
      String[] fields = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split(" ");
      long startTicks = Long.parseLong(fields[19]);
      String uptimeLine = Files.readString(uptime).trim();
      double sinceBootSeconds =
          Double.parseDouble(uptimeLine.substring(0, uptimeLine.indexOf(' ')));
      long age = Math.round(sinceBootSeconds * 1000) - startTicks * 1000 / CLOCK_TICKS_PER_SECOND;
      return age >= 0 ? age : -1;
    } catch (IOException | RuntimeException unreadable) {
      return -1;
    }
  }
}
