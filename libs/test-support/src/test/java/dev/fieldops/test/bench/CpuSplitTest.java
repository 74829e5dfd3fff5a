package dev.fieldops.test.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CpuSplitTest {

  @Test
  void hotspot_threads_are_told_apart_by_their_kernel_names() {
    assertThat(CpuSplit.kindOf("C2 CompilerThre")).isEqualTo(CpuSplit.ThreadKind.COMPILER);
    assertThat(CpuSplit.kindOf("C1 CompilerThre")).isEqualTo(CpuSplit.ThreadKind.COMPILER);
    assertThat(CpuSplit.kindOf("GC Thread#0")).isEqualTo(CpuSplit.ThreadKind.GC);
    assertThat(CpuSplit.kindOf("G1 Refine#0")).isEqualTo(CpuSplit.ThreadKind.GC);
    assertThat(CpuSplit.kindOf("VM Thread")).isEqualTo(CpuSplit.ThreadKind.GC);
    assertThat(CpuSplit.kindOf("main")).isEqualTo(CpuSplit.ThreadKind.OTHER);
    assertThat(CpuSplit.kindOf("grpc-default-ex")).isEqualTo(CpuSplit.ThreadKind.OTHER);
  }

  @Test
  void a_process_that_took_another_name_counts_only_what_it_ran_in_between() {
    var before =
        Map.of(
            10L, new CpuSplit.Sample("kworker/u8:0-writeback", 320),
            11L, new CpuSplit.Sample("postgres", 500),
            12L, new CpuSplit.Sample("java", 900));
    var after =
        Map.of(
            10L, new CpuSplit.Sample("kworker/u8:0-events_unbound", 325),
            11L, new CpuSplit.Sample("postgres", 700),
            12L, new CpuSplit.Sample("java", 40), // the pid went to a new process
            13L, new CpuSplit.Sample("java", 60));

    var split = CpuSplit.byProgram(before, after);

    assertThat(split)
        .containsOnlyKeys("kworker/u8:0-events_unbound", "postgres", "java")
        .containsEntry("kworker/u8:0-events_unbound", 0.05)
        .containsEntry("postgres", 2.0)
        .containsEntry("java", 1.0);
  }

  @Test
  void cpu_this_jvm_burns_shows_up_under_its_program_name() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc");
    String program = programName();
    CpuSplit split = CpuSplit.start();
    var threads = ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    long sink = 0;
    while (threads.getCurrentThreadCpuTime() - start < 400_000_000L) {
      sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
    }

    String report = split.report();

    assertThat(sink).isNotNegative();
    Matcher seconds =
        Pattern.compile("[ ,]" + Pattern.quote(program) + " (\\d+\\.\\d) s").matcher(report);
    assertThat(seconds.find()).as(report).isTrue();
    assertThat(Double.parseDouble(seconds.group(1))).as(report).isGreaterThanOrEqualTo(0.3);
    assertThat(report).contains("of this JVM's: JIT compiler threads ");
    CpuSplit.JvmShare share = split.jvmShare();
    assertThat(share.compilerSeconds()).isNotNegative();
    assertThat(share.gcSeconds()).isNotNegative();
  }

  /** This process's name as the kernel has it ({@code java} for a test JVM). */
  private static String programName() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
