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
  private final Map<Long, Sample> threadsBefore;
  private final long startNanos;

  private CpuSplit(Map<Long, Sample> before, Map<Long, Sample> threadsBefore) {
    this.before = before;
    this.threadsBefore = threadsBefore;
    this.startNanos = System.nanoTime();
  }

  /** Takes the "before" reading. */
  public static CpuSplit start() {
    return new CpuSplit(read(PROC), read(PROC.resolve("self/task")));
  }

  /**
   * This JVM's CPU seconds since {@link #start()} in its JIT compiler threads and its garbage
   * collector's threads: work that a phase pays for while the JVM still compiles, or for the
   * garbage it makes, rather than per call of the code measured. Threads that ended in between (the
   * JVM stops idle compiler threads) are not counted.
   */
  public record JvmShare(double compilerSeconds, double gcSeconds) {}

  /** See {@link JvmShare}. */
  public JvmShare jvmShare() {
    double compiler = 0;
    double gc = 0;
    for (var e : read(PROC.resolve("self/task")).entrySet()) {
      Sample then = threadsBefore.get(e.getKey());
      double seconds =
          (e.getValue().ticks() - (then == null ? 0 : then.ticks())) / TICKS_PER_SECOND;
      switch (kindOf(e.getValue().program())) {
        case COMPILER -> compiler += seconds;
        case GC -> gc += seconds;
        case OTHER -> {}
      }
    }
    return new JvmShare(compiler, gc);
  }

  enum ThreadKind {
    COMPILER,
    GC,
    OTHER
  }

  /** A HotSpot thread's kind by its name as the kernel has it (15 characters at most). */
  static ThreadKind kindOf(String thread) {
    if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler")) {
      return ThreadKind.COMPILER;
    }
    if (thread.startsWith("GC Thread") || thread.startsWith("G1 ") || thread.equals("VM Thread")) {
      return ThreadKind.GC;
    }
    return ThreadKind.OTHER;
  }

  /**
   * CPU seconds per program since {@link #start()}, and the wall time, as one line: {@code "wall
   * 10.0 s; cpu java 8.1 s, postgres 9.0 s, nats-server 2.2 s"}. Processes that ended in between
   * are not counted (a benchmark keeps its connections open while it measures).
   */
  public String report() {
    Map<String, Double> byProgram = byProgram(before, read(PROC));
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
    JvmShare share = jvmShare();
    line.append(
        String.format(
            Locale.ROOT,
            "; of this JVM's: JIT compiler threads %.1f s, GC and VM threads %.1f s",
            share.compilerSeconds(),
            share.gcSeconds()));
    return line.toString();
  }

  /**
   * CPU seconds per program name between two readings of every process. A process is known by its
   * pid, not its name: a kernel worker's name carries the work queue it serves at the moment
   * ({@code kworker/u8:0-writeback}, then {@code kworker/u8:0-events_unbound}), and taking a new
   * name for a new process counted all its time since boot. A pid whose ticks went down was reused
   * by a new process: all its ticks are new.
   */
  static Map<String, Double> byProgram(Map<Long, Sample> before, Map<Long, Sample> after) {
    Map<String, Double> byProgram = new TreeMap<>();
    after.forEach(
        (pid, now) -> {
          Sample then = before.get(pid);
          long ticks =
              then != null && then.ticks() <= now.ticks()
                  ? now.ticks() - then.ticks()
                  : now.ticks();
          if (ticks > 0) {
            byProgram.merge(now.program(), ticks / TICKS_PER_SECOND, Double::sum);
          }
        });
    return byProgram;
  }

  record Sample(String program, long ticks) {}

  /** Every process under {@code /proc}, or every thread under {@code /proc/self/task}. */
  private static Map<Long, Sample> read(Path root) {
    Map<Long, Sample> samples = new HashMap<>();
    if (!Files.isDirectory(root)) {
      return samples;
    }
    try (Stream<Path> entries = Files.list(root)) {
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
