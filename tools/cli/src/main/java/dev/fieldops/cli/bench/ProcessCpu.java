package dev.fieldops.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of named process trees and of the whole machine, read from {@code /proc} (Linux): what a
 * benchmark of several processes on one machine needs to say where the machine's CPU went. A tree
 * is a process and its descendants (PostgreSQL's backends under its postmaster under the wrapper
 * that started it); its CPU is each live member's user + system time plus the time of the children
 * it has reaped, so a backend that ends between two readings still counts. Elsewhere than Linux
 * every figure is 0.
 */
final class ProcessCpu {

  /** Clock ticks per second of {@code /proc}'s figures (USER_HZ, 100 on every Linux build). */
  static final double TICKS_PER_SECOND = 100.0;

  private final Path proc;

  ProcessCpu(Path proc) {
    this.proc = proc;
  }

  static ProcessCpu linux() {
    return new ProcessCpu(Path.of("/proc"));
  }

  /**
   * One reading: CPU ticks per named tree (a root that is gone reads 0), the machine's busy and
   * total ticks over all cores since boot, and when it was taken.
   */
  record Reading(Map<String, Long> trees, long machineBusy, long machineTotal, long nanos) {

    /** What the parts and the machine spent between {@code earlier} and this reading. */
    Split since(Reading earlier) {
      var parts = new LinkedHashMap<String, Double>();
      trees.forEach(
          (name, ticks) ->
              parts.put(
                  name,
                  Math.max(0, ticks - earlier.trees.getOrDefault(name, 0L)) / TICKS_PER_SECOND));
      long total = machineTotal - earlier.machineTotal;
      return new Split(
          parts,
          (machineBusy - earlier.machineBusy) / TICKS_PER_SECOND,
          total / TICKS_PER_SECOND,
          (nanos - earlier.nanos) / 1e9);
    }
  }

  /**
   * CPU seconds per part between two readings, the machine's busy and total CPU seconds (all cores)
   * and the wall time between them.
   */
  record Split(Map<String, Double> parts, double machineBusy, double machineTotal, double wall) {

    /** Busy CPU seconds of the machine that none of the parts spent. */
    double rest() {
      return Math.max(0, machineBusy - parts.values().stream().mapToDouble(d -> d).sum());
    }

    /** Cores the machine had busy on average. */
    double busyCores() {
      return wall <= 0 || machineTotal <= 0 ? 0 : machineBusy / wall;
    }
  }

  /** Reads the trees rooted at the given processes (name → pid) and the machine. */
  Reading read(Map<String, Long> roots) {
    long nanos = System.nanoTime();
    var processes = processes();
    var children = children(processes);
    var trees = new LinkedHashMap<String, Long>();
    roots.forEach((name, root) -> trees.put(name, treeTicks(root, processes, children)));
    long[] machine = machine();
    return new Reading(trees, machine[0], machine[1], nanos);
  }

  private static long treeTicks(
      long root, Map<Long, Process> processes, Map<Long, List<Long>> children) {
    long ticks = 0;
    for (long pid : tree(root, processes, children)) {
      ticks += processes.get(pid).ticks();
    }
    return ticks;
  }

  /** Each process's children, by parent. */
  private static Map<Long, List<Long>> children(Map<Long, Process> processes) {
    var children = new HashMap<Long, List<Long>>();
    processes.forEach(
        (pid, process) ->
            children.computeIfAbsent(process.ppid(), p -> new ArrayList<>()).add(pid));
    return children;
  }

  /** The live processes of the tree rooted at {@code root}. */
  private static List<Long> tree(
      long root, Map<Long, Process> processes, Map<Long, List<Long>> children) {
    var members = new ArrayList<Long>();
    var todo = new ArrayList<Long>();
    todo.add(root);
    while (!todo.isEmpty()) {
      long pid = todo.removeLast();
      if (processes.containsKey(pid)) {
        members.add(pid);
        todo.addAll(children.getOrDefault(pid, List.of()));
      }
    }
    return members;
  }

  /**
   * CPU seconds that the JIT compiler threads of the JVMs in the trees rooted at {@code roots} have
   * used so far: the threads HotSpot names {@code C1 CompilerThreadN} and {@code C2
   * CompilerThreadN} ({@code /proc/<pid>/task/<tid>/stat}, whose program name the kernel cuts to 15
   * characters). A compiler thread that ended (HotSpot stops idle ones) no longer counts, so
   * compare readings over short spans only.
   */
  double compilerSeconds(Map<String, Long> roots) {
    var processes = processes();
    var children = children(processes);
    long ticks = 0;
    for (long root : roots.values()) {
      for (long pid : tree(root, processes, children)) {
        ticks += compilerTicks(pid);
      }
    }
    return ticks / TICKS_PER_SECOND;
  }

  private long compilerTicks(long pid) {
    long ticks = 0;
    try (Stream<Path> tasks = Files.list(proc.resolve(Long.toString(pid)).resolve("task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          var lines = Files.readAllLines(task.resolve("stat"));
          if (!lines.isEmpty() && isCompilerThread(lines.getFirst())) {
            ticks += parseStat(lines.getFirst()).ticks();
          }
        } catch (IOException | RuntimeException gone) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException | RuntimeException gone) {
      // the process ended meanwhile, or has no task folder (not Linux)
    }
    return ticks;
  }

  /** Whether a {@code /proc/.../stat} line is one of HotSpot's JIT compiler threads. */
  static boolean isCompilerThread(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      return false;
    }
    String name = stat.substring(open + 1, close);
    return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
  }

  record Process(long ppid, long ticks) {}

  private Map<Long, Process> processes() {
    var processes = new HashMap<Long, Process>();
    if (!Files.isDirectory(proc)) {
      return processes;
    }
    try (Stream<Path> entries = Files.list(proc)) {
      entries.forEach(
          dir -> {
            String name = dir.getFileName().toString();
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
              try {
                // /proc/<pid>/stat files are read a line at a time: readString may see a short
                // read.
                var lines = Files.readAllLines(dir.resolve("stat"));
                if (!lines.isEmpty()) {
                  processes.put(Long.parseLong(name), parseStat(lines.getFirst()));
                }
              } catch (IOException | RuntimeException gone) {
                // the process ended meanwhile
              }
            }
          });
    } catch (IOException e) {
      return processes;
    }
    return processes;
  }

  /**
   * The parent and CPU ticks of one {@code /proc/<pid>/stat} line: {@code pid (comm) state ppid
   * ...} with utime, stime, cutime and cstime the 14th to 17th fields; comm may hold spaces and
   * parentheses, so the fields are counted from its last ')'.
   */
  static Process parseStat(String stat) {
    String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    long ppid = Long.parseLong(rest[1]);
    long ticks = 0;
    for (int field = 11; field <= 14; field++) {
      ticks += Long.parseLong(rest[field]);
    }
    return new Process(ppid, ticks);
  }

  /** Busy and total ticks of all cores from the first line of {@code /proc/stat}. */
  private long[] machine() {
    try {
      var lines = Files.readAllLines(proc.resolve("stat"));
      return parseMachine(lines.getFirst());
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /**
   * {@code cpu user nice system idle iowait irq softirq steal ...}: busy is everything but idle and
   * iowait (guest time is already in user).
   */
  static long[] parseMachine(String cpuLine) {
    String[] fields = cpuLine.trim().split("\\s+");
    long total = 0;
    long idle = 0;
    for (int i = 1; i < fields.length && i <= 8; i++) {
      long value = Long.parseLong(fields[i]);
      total += value;
      if (i == 4 || i == 5) {
        idle += value;
      }
    }
    return new long[] {total - idle, total};
  }
}
