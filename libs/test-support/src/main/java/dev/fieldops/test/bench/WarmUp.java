package dev.fieldops.test.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * A benchmark's warm-up, repeated until the JIT compiler rests. On 2 cores a C2 thread still
 * compiling takes most of a core from the code being measured: a fixed, short warm-up measured the
 * compiler as much as the service (invoicing's payments: a third of the JVM's CPU in the measured
 * phase). A pass counts as quiet when this JVM's compiler threads used less than a share of one
 * core during it ({@link CpuSplit#jvmShare()}).
 */
public final class WarmUp {

  /** One warm-up pass: the benchmark's own work, a few seconds of it. */
  @FunctionalInterface
  public interface Pass {
    void run() throws Exception;
  }

  /**
   * How the warm-up ended.
   *
   * @param passes how many passes ran
   * @param atRest whether the last pass was quiet (false: {@code atMost} ran out first)
   * @param took the warm-up's wall time
   */
  public record Outcome(int passes, boolean atRest, Duration took) {

    /** One line for the benchmark's output. */
    public String describe() {
      return String.format(
          Locale.ROOT,
          "%d passes in %.0f s, the JIT compiler %s",
          passes,
          took.toMillis() / 1e3,
          atRest ? "at rest" : "still busy");
    }
  }

  private WarmUp() {}

  /**
   * Runs {@code pass} until one pass's JIT compiler threads used less than {@code quietShare} of a
   * core over its wall time, or {@code atMost} has passed (at least one pass runs).
   */
  public static Outcome untilCompiled(Pass pass, double quietShare, Duration atMost)
      throws Exception {
    if (quietShare <= 0 || quietShare > 1) {
      throw new IllegalArgumentException("quietShare must be in (0, 1]: " + quietShare);
    }
    long start = System.nanoTime();
    long deadline = start + atMost.toNanos();
    for (int passes = 1; ; passes++) {
      CpuSplit cpu = CpuSplit.start();
      long passStart = System.nanoTime();
      pass.run();
      double wall = (System.nanoTime() - passStart) / 1e9;
      boolean quiet = cpu.jvmShare().compilerSeconds() < quietShare * wall;
      if (quiet || System.nanoTime() - deadline >= 0) {
        return new Outcome(passes, quiet, Duration.ofNanos(System.nanoTime() - start));
      }
    }
  }
}
