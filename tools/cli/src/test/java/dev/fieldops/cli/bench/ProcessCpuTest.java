package dev.fieldops.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuTest {

  @TempDir Path proc;

  @Test
  void statFieldsAreCountedFromTheLastParenthesisOfTheProgramName() {
    var process =
        ProcessCpu.parseStat(
            "4242 (C2 Compiler (x)) S 17 4242 4242 0 -1 4194560 100 0 0 0 300 40 7 3 20 0 1 0");

    assertThat(process.ppid()).isEqualTo(17);
    assertThat(process.ticks()).isEqualTo(300 + 40 + 7 + 3);
  }

  @Test
  void machineBusyLeavesOutIdleAndIowait() {
    long[] machine = ProcessCpu.parseMachine("cpu  100 5 50 1000 20 3 2 1 0 0");

    assertThat(machine[1]).isEqualTo(100 + 5 + 50 + 1000 + 20 + 3 + 2 + 1);
    assertThat(machine[0]).isEqualTo(100 + 5 + 50 + 3 + 2 + 1);
  }

  @Test
  void aTreeCountsItsDescendantsAndWhatTheyReaped() throws IOException {
    // 10 → 11 → 12 (a backend under a postmaster under its wrapper); 20 is someone else's.
    stat(10, 1, 5, 5, 0, 0);
    stat(11, 10, 100, 20, 30, 10);
    stat(12, 11, 40, 10, 0, 0);
    stat(20, 1, 900, 0, 0, 0);
    machine("cpu  1000 0 200 5000 100 0 0 0");
    var cpu = new ProcessCpu(proc);
    var before = cpu.read(Map.of("database", 10L, "gone", 99L));

    // The backend ends (its time moves into its parent's reaped time); the others work on.
    Files.delete(proc.resolve("12/stat"));
    Files.delete(proc.resolve("12"));
    stat(11, 10, 150, 20, 80, 10);
    stat(20, 1, 1900, 0, 0, 0);
    machine("cpu  2100 0 300 5800 100 0 0 0");
    var split = cpu.read(Map.of("database", 10L, "gone", 99L)).since(before);

    assertThat(split.parts().get("database")).isCloseTo((50 + 50 - 50) / 100.0, within(1e-9));
    assertThat(split.parts().get("gone")).isZero();
    assertThat(split.machineBusy()).isCloseTo(12.0, within(1e-9));
    assertThat(split.machineTotal()).isCloseTo(20.0, within(1e-9));
    assertThat(split.rest()).isCloseTo(12.0 - 0.5, within(1e-9));
  }

  @Test
  void theLiveProcessTreeOfThisJvmSpendsCpu() {
    var cpu = ProcessCpu.linux();
    long self = ProcessHandle.current().pid();
    var before = cpu.read(Map.of("self", self));
    long deadline = System.nanoTime() + 300_000_000L;
    double sink = 0;
    while (System.nanoTime() < deadline) {
      sink += Math.sqrt(sink + 1);
    }
    var split = cpu.read(Map.of("self", self)).since(before);

    assertThat(sink).isPositive();
    assertThat(split.parts().get("self")).isGreaterThan(0.1);
    assertThat(split.machineBusy()).isGreaterThanOrEqualTo(split.parts().get("self") - 0.05);
  }

  @Test
  void theJitCompilerThreadsOfATreeCountAndNoOtherThreads() throws IOException {
    // 10 (a wrapper) → 11 (the JVM); 20 is another JVM.
    stat(10, 1, 1, 0, 0, 0);
    stat(11, 10, 900, 100, 0, 0);
    stat(20, 1, 900, 0, 0, 0);
    thread(11, 11, "java", 100, 10);
    thread(11, 12, "C2 CompilerThre", 300, 20);
    thread(11, 13, "C1 CompilerThre", 50, 0);
    thread(11, 14, "GC Thread#0", 500, 0);
    thread(20, 21, "C2 CompilerThre", 900, 0);
    var cpu = new ProcessCpu(proc);

    assertThat(cpu.compilerSeconds(Map.of("service", 10L)))
        .isCloseTo((300 + 20 + 50) / 100.0, within(1e-9));
    assertThat(cpu.compilerSeconds(Map.of("gone", 99L))).isZero();
  }

  @Test
  void hotspotsCompilerThreadsAreTheOnesRecognisedInThisJvm() throws IOException {
    Path tasks = Path.of("/proc/self/task");
    long compilers;
    try (var stream = Files.list(tasks)) {
      compilers =
          stream
              .map(task -> task.resolve("stat"))
              .filter(Files::exists)
              .map(ProcessCpuTest::firstLine)
              .filter(ProcessCpu::isCompilerThread)
              .count();
    }

    // Tests run with -XX:TieredStopAtLevel=1: C1 threads only; the services have both.
    assertThat(compilers).as("this JVM's compiler threads").isPositive();
    assertThat(ProcessCpu.isCompilerThread("7 (C2 CompilerThre) S 1")).isTrue();
    assertThat(ProcessCpu.isCompilerThread("7 (C1 CompilerThre) S 1")).isTrue();
    assertThat(ProcessCpu.isCompilerThread("7 (VM Thread) S 1")).isFalse();
    assertThat(ProcessCpu.isCompilerThread("7 (Compiler) S 1")).isFalse();
  }

  private static String firstLine(Path file) {
    try {
      return Files.readAllLines(file).getFirst();
    } catch (IOException | RuntimeException gone) {
      return "";
    }
  }

  private void thread(long pid, long tid, String name, long utime, long stime) throws IOException {
    Path task = proc.resolve(pid + "/task/" + tid);
    Files.createDirectories(task);
    Files.writeString(
        task.resolve("stat"),
        tid + " (" + name + ") S 1 1 1 0 -1 0 0 0 0 0 " + utime + " " + stime + " 0 0 20 0 1 0\n");
  }

  private void stat(long pid, long ppid, long utime, long stime, long cutime, long cstime)
      throws IOException {
    Files.createDirectories(proc.resolve(Long.toString(pid)));
    Files.writeString(
        proc.resolve(pid + "/stat"),
        pid
            + " (p"
            + pid
            + ") S "
            + ppid
            + " 1 1 0 -1 0 0 0 0 0 "
            + utime
            + " "
            + stime
            + " "
            + cutime
            + " "
            + cstime
            + " 20 0 1 0\n");
  }

  private void machine(String line) throws IOException {
    Files.writeString(proc.resolve("stat"), line + "\n");
  }
}
