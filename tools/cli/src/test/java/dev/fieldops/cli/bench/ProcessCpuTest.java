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
