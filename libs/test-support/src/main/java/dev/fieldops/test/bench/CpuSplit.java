package dev.fieldops.test.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where a benchmark phase spent the machine's CPU, by program ({@code java}, {@code postgres},
 * {@code nats-server}, ...): CPU seconds read from {@code /proc} before and after. On a 2-core
 * machine that runs client, database and broker together, this tells which part to make cheaper.
 * Linux only; elsewhere {@link #start()} returns an empty split.
 */
public final class CpuSplit {

  private static final Path PROC = Path.of("/proc");
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

  private final Map<Long, Sample> before;
  private final long startNanos;

  private CpuSplit(Map<Long, Sample> before) {
    this.before = before;
    this.startNanos = System.nanoTime();
  }

  /** Takes the "before" reading. */
  public static CpuSplit start() {
    return new CpuSplit(read());
  }

  /**
   * CPU seconds per program since {@link #start()}, and the wall time, as one line: {@code "wall
   * 10.0 s; cpu java 8.1 s, postgres 9.0 s, nats-server 2.2 s"}. Processes that ended in between
   * are not counted (a benchmark keeps its connections open while it measures).
   */
  public String report() {
    Map<Long, Sample> after = read();
    Map<String, Double> byProgram = new TreeMap<>();
    after.forEach(
        (pid, now) -> {
          Sample then = before.get(pid);
          long ticks =
              now.ticks()
                  - (then != null && then.program().equals(now.program()) ? then.ticks() : 0);
          if (ticks > 0) {
            byProgram.merge(now.program(), ticks / TICKS_PER_SECOND, Double::sum);
          }
        });
    StringBuilder line =
        new StringBuilder(
            String.format(Locale.ROOT, "wall %.1f s; cpu", (System.nanoTime() - startNanos) / 1e9));
    String separator = " ";
    for (var e : byProgram.entrySet()) {
      if (e.getValue() >= 0.1) {
        line.append(separator)
            .append(String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()));
        separator = ", ";
      }
    }
    return line.toString();
  }

  private record Sample(String program, long ticks) {}

  private static Map<Long, Sample> read() {
    Map<Long, Sample> samples = new HashMap<>();
    if (!Files.isDirectory(PROC)) {
      return samples;
    }
    try (Stream<Path> entries = Files.list(PROC)) {
      entries.forEach(
          dir -> {
            String name = dir.getFileName().toString();
            if (name.chars().allMatch(Character::isDigit)) {
              try {
                String stat = Files.readString(dir.resolve("stat"));
                // pid (comm) state ppid ... utime(14) stime(15): comm may hold spaces and ')'.
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String program = stat.substring(open + 1, close);
                String[] rest = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
                samples.put(Long.parseLong(name), new Sample(program, ticks));
              } catch (IOException | RuntimeException e) {
                // the process ended meanwhile
              }
            }
          });
    } catch (IOException e) {
      return samples;
    }
    return samples;
  }
}
