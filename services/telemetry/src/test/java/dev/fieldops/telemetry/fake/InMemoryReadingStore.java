package dev.fieldops.telemetry.fake;

import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.reading.ReadingBucket;
import dev.fieldops.telemetry.domain.reading.ReadingStore;
import dev.fieldops.telemetry.domain.reading.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;

/** Readings in memory, one sorted series per (device, metric). */
public final class InMemoryReadingStore implements ReadingStore {

  private final Map<Reading.Key, Reading> byKey = new LinkedHashMap<>();
  private final Queue<RuntimeException> failures = new ArrayDeque<>();
  private int appendCalls;

  /** Makes the next append fail with {@code failure}, storing nothing (a database outage). */
  public synchronized void failNextAppend(RuntimeException failure) {
    failures.add(failure);
  }

  /** The readings as they are now; running the answer puts them back (a rolled-back pass). */
  public synchronized Runnable savepoint() {
    var saved = new LinkedHashMap<>(byKey);
    return () -> {
      synchronized (this) {
        byKey.clear();
        byKey.putAll(saved);
      }
    };
  }

  @Override
  public synchronized int append(List<Reading> readings) {
    appendCalls++;
    var failure = failures.poll();
    if (failure != null) {
      throw failure;
    }
    int added = 0;
    for (Reading reading : readings) {
      if (byKey.putIfAbsent(reading.key(), reading) == null) {
        added++;
      }
    }
    return added;
  }

  @Override
  public synchronized List<Reading> history(Set<DeviceId> devices, Instant from) {
    return byKey.values().stream()
        .filter(r -> devices.contains(r.deviceId()) && !r.observeTime().isBefore(from))
        .sorted(Comparator.comparing(Reading::observeTime))
        .toList();
  }

  @Override
  public synchronized Map<DeviceId, Map<Metric, Instant>> latestAfter(
      Map<DeviceId, Map<Metric, Instant>> after) {
    var latest = new HashMap<DeviceId, Map<Metric, Instant>>();
    for (Reading reading : byKey.values()) {
      var since = after.getOrDefault(reading.deviceId(), Map.of()).get(reading.metric());
      if (since == null || !reading.observeTime().isAfter(since)) {
        continue;
      }
      latest
          .computeIfAbsent(reading.deviceId(), id -> new EnumMap<>(Metric.class))
          .merge(reading.metric(), reading.observeTime(), (a, b) -> a.isAfter(b) ? a : b);
    }
    return latest;
  }

  @Override
  public synchronized Page<Reading> raw(
      DeviceId device, Metric metric, TimeRange range, PageRequest page) {
    return KeysetPages.page(
        series(device, metric, range), r -> sortableMicros(r.observeTime()), page);
  }

  @Override
  public synchronized List<ReadingBucket> aggregate(
      DeviceId device, Metric metric, TimeRange range, Duration bucketWidth) {
    long width = bucketWidth.toNanos() / 1_000;
    var buckets = new TreeMap<Long, List<Double>>();
    for (Reading reading : series(device, metric, range)) {
      long micros = ChronoUnit.MICROS.between(Instant.EPOCH, reading.observeTime());
      buckets
          .computeIfAbsent(Math.floorDiv(micros, width) * width, start -> new ArrayList<>())
          .add(reading.value());
    }
    var result = new ArrayList<ReadingBucket>();
    buckets.forEach(
        (start, values) -> {
          var stats = values.stream().mapToDouble(Double::doubleValue).summaryStatistics();
          result.add(
              new ReadingBucket(
                  Instant.EPOCH.plus(start, ChronoUnit.MICROS),
                  stats.getCount(),
                  stats.getMin(),
                  stats.getMax(),
                  stats.getAverage()));
        });
    return result;
  }

  /** Every stored reading, in observe-time order. */
  public synchronized List<Reading> all() {
    return byKey.values().stream().sorted(Comparator.comparing(Reading::observeTime)).toList();
  }

  public synchronized int appendCalls() {
    return appendCalls;
  }

  private List<Reading> series(DeviceId device, Metric metric, TimeRange range) {
    return byKey.values().stream()
        .filter(
            r ->
                r.deviceId().equals(device)
                    && r.metric() == metric
                    && range.contains(r.observeTime()))
        .sorted(Comparator.comparing(Reading::observeTime))
        .toList();
  }

  private static String sortableMicros(Instant instant) {
    return String.format("%020d", ChronoUnit.MICROS.between(Instant.EPOCH, instant));
  }
}
