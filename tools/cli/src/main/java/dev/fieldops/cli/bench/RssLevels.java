package dev.fieldops.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each service's RSS as sampled through a run, and its growth over the measured time judged by
 * levels rather than by two single samples. A service's RSS moves by 10–20 MB within a minute while
 * its heap and class metadata stay put: memory the JIT compiler and the transports take and give
 * back (the services trim the C heap every 5 s). Two single samples, one at the warm-up's end and
 * one at the run's end, measure where in that swing each happened to fall as much as what the
 * process kept; the median of a window of samples at each end of the measured time does not, and a
 * process that keeps what it takes raises both the window's median and every sample after it.
 */
final class RssLevels {

  /** The longest window at each end; shorter when the measured time is under four of them. */
  static final long WINDOW_MILLIS = 60_000;

  /** A window is at most this share of the span: a quarter at each end. */
  private static final int WINDOWS_PER_SPAN = 4;

  /** The shortest span whose windows are whole: the shortest {@link Growth#judged()}. */
  static final long SHORTEST_JUDGED_SPAN_MILLIS = WINDOWS_PER_SPAN * WINDOW_MILLIS;

  private record Sample(long atMillis, double mb) {}

  /**
   * The level at each end of the measured time and the growth between them.
   *
   * @param before the median of the first window's samples, MB
   * @param after the median of the last window's samples, MB
   * @param windowMillis the window's length
   * @param samplesBefore how many samples the first window held
   * @param samplesAfter how many samples the last window held
   */
  record Growth(
      double before, double after, long windowMillis, int samplesBefore, int samplesAfter) {

    double percent() {
      return (after - before) / before * 100;
    }

    /**
     * Whether the windows are long enough to tell growth from the swing: each a whole {@link
     * #WINDOW_MILLIS}, so a measured time of four of them or more. Shorter windows hold a few
     * samples each, whose median still falls wherever the swing was (a one-minute run: 15 s, four
     * samples).
     */
    boolean judged() {
      return windowMillis >= WINDOW_MILLIS;
    }
  }

  private final Map<String, List<Sample>> samples = new LinkedHashMap<>();

  /** Keeps one reading of every service's RSS (MB; NaN when it could not be read). */
  synchronized void add(long atMillis, Map<String, Double> rssMb) {
    rssMb.forEach(
        (service, mb) -> {
          if (mb != null && !mb.isNaN()) {
            samples.computeIfAbsent(service, s -> new ArrayList<>()).add(new Sample(atMillis, mb));
          }
        });
  }

  /**
   * The growth of {@code service}'s RSS over [from, to] (epoch milliseconds): the median (nearest
   * rank, as the latencies' percentiles) of the samples in the first window of the span against
   * that of its last window, each window a quarter of the span, at most {@link #WINDOW_MILLIS}.
   * Empty when the span holds no sample of the service.
   */
  synchronized Optional<Growth> growth(String service, long from, long to) {
    List<Sample> inSpan =
        samples.getOrDefault(service, List.of()).stream()
            .filter(s -> s.atMillis() >= from && s.atMillis() <= to)
            .toList();
    if (inSpan.isEmpty()) {
      return Optional.empty();
    }
    long window = Math.min(WINDOW_MILLIS, Math.max(0, to - from) / WINDOWS_PER_SPAN);
    double[] first = mbOf(inSpan, from, from + window);
    double[] last = mbOf(inSpan, to - window, to);
    // A window that caught no sample (a short span) falls back to the span's nearest sample.
    if (first.length == 0) {
      first = new double[] {inSpan.getFirst().mb()};
    }
    if (last.length == 0) {
      last = new double[] {inSpan.getLast().mb()};
    }
    return Optional.of(
        new Growth(
            Latencies.percentile(first, 50),
            Latencies.percentile(last, 50),
            window,
            first.length,
            last.length));
  }

  private static double[] mbOf(List<Sample> samples, long from, long to) {
    return samples.stream()
        .filter(s -> s.atMillis() >= from && s.atMillis() <= to)
        .mapToDouble(Sample::mb)
        .sorted()
        .toArray();
  }
}
