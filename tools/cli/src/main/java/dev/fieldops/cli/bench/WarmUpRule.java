package dev.fieldops.cli.bench;

import dev.fieldops.config.Durations;
import java.time.Duration;
import java.util.Locale;

/**
 * When the system benchmark's warm-up ends: after a fixed time ({@code --warmup 2m}), or, by
 * default, once the services' JIT compilers rest. On 2 cores a C2 thread still compiling the hot
 * paths takes most of a core from the services it compiles for: a fixed minute was enough on one
 * machine of the kind and left the first 30 s of the measured time with a path p99 of 440–845 ms on
 * a slower one. The default waits at least {@code least}, then ends at the first check at which the
 * three services' compiler threads together used less than {@code quietCores} of a core over the
 * last {@code window}, and at the latest after {@code most}.
 *
 * @param least the warm-up's shortest length
 * @param most its longest (equal to {@code least}: a fixed warm-up)
 * @param quietCores compiler threads' CPU, in cores, below which the compilers count as resting
 * @param window the span over which the compilers' CPU is taken
 */
record WarmUpRule(Duration least, Duration most, double quietCores, Duration window) {

  /** The default: at least a minute, at most five, compilers under a tenth of a core for 10 s. */
  static WarmUpRule untilCompiled() {
    return new WarmUpRule(
        Duration.ofMinutes(1), Duration.ofMinutes(5), 0.10, Duration.ofSeconds(10));
  }

  static WarmUpRule fixed(Duration length) {
    return new WarmUpRule(length, length, 0, Duration.ZERO);
  }

  WarmUpRule {
    if (least.isNegative() || most.compareTo(least) < 0) {
      throw new IllegalArgumentException("a warm-up needs 0 <= least <= most");
    }
  }

  boolean isFixed() {
    return least.equals(most);
  }

  /**
   * Whether the warm-up ends now.
   *
   * @param elapsed time since the load started
   * @param compilerCores the services' compiler threads' CPU over the last {@link #window()}, in
   *     cores; NaN while no such span has been seen yet
   */
  boolean endsAt(Duration elapsed, double compilerCores) {
    if (elapsed.compareTo(least) < 0) {
      return false;
    }
    if (elapsed.compareTo(most) >= 0) {
      return true;
    }
    return !Double.isNaN(compilerCores) && compilerCores < quietCores;
  }

  /** For the benchmark's first line. */
  String describe() {
    if (isFixed()) {
      return Durations.format(least) + " warm-up";
    }
    return String.format(
        Locale.ROOT,
        "warm-up until the services' JIT compilers use < %.2f cores over %s (%s to %s)",
        quietCores,
        Durations.format(window),
        Durations.format(least),
        Durations.format(most));
  }
}
