package dev.fieldops.test.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * What every benchmark prints besides its figures: the machine (cores, JDK), its load average from
 * {@code /proc/loadavg} (the figures move with whatever else runs), and the median of rounds.
 */
public final class Machine {

  private Machine() {}

  /** {@code "2 cores, JDK 25.0.3+9-LTS, load average at start 0.51 0.42 0.30 ..."}. */
  public static String describe() {
    return Runtime.getRuntime().availableProcessors()
        + " cores, JDK "
        + Runtime.version()
        + ", load average at start "
        + loadAverage();
  }

  /** The line of {@code /proc/loadavg} (1, 5 and 15 minutes, then tasks), or "unknown". */
  public static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The median of {@code values} (the mean of the middle two of an even count), NaN if none. */
  public static double median(Collection<Double> values) {
    return median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The median of {@code values} (the mean of the middle two of an even count), NaN if none. */
  public static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
