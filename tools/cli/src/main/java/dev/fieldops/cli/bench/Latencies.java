package dev.fieldops.cli.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Latencies of one stage of the event path, each with the time it was completed, so that a table
 * can show those completed in one interval and a summary all of them.
 */
final class Latencies {

  private record Sample(long completedMillis, double millis) {}

  private final List<Sample> samples = new ArrayList<>();

  synchronized void add(long completedMillis, double millis) {
    samples.add(new Sample(completedMillis, millis));
  }

  /** The latencies completed in [from, to) (epoch milliseconds), sorted. */
  synchronized double[] between(long from, long to) {
    return samples.stream()
        .filter(s -> s.completedMillis() >= from && s.completedMillis() < to)
        .mapToDouble(Sample::millis)
        .sorted()
        .toArray();
  }

  synchronized double[] all() {
    return samples.stream().mapToDouble(Sample::millis).sorted().toArray();
  }

  /** The nearest-rank percentile of sorted values, NaN when there are none. */
  static double percentile(double[] sorted, double percent) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** "12.3" or "-" for milliseconds. */
  static String ms(double millis) {
    if (Double.isNaN(millis)) {
      return "-";
    }
    return millis >= 100 ? String.format("%.0f", millis) : String.format("%.1f", millis);
  }
}
