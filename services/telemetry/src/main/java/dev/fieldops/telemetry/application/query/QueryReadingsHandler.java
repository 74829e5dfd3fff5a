package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.application.shared.TelemetryAccess;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceRepository;
import dev.fieldops.telemetry.domain.reading.ReadingBucket;
import dev.fieldops.telemetry.domain.reading.ReadingStore;
import dev.fieldops.telemetry.domain.reading.TimeRange;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a device's readings after checking, within the caller's scope, that the device is visible
 * (decommissioned devices' history stays readable).
 *
 * <p>Buckets are aligned to the epoch, so a page that starts at a bucket boundary holds the same
 * buckets as the whole range does: a bucket page's cursor is only the start of the next bucket (in
 * microseconds since the epoch), and the next page aggregates the range from there.
 */
public final class QueryReadingsHandler {

  /** The most buckets one query may ask for. */
  public static final long MAX_BUCKETS = 10_000;

  static final Duration MIN_BUCKET_WIDTH = Duration.ofSeconds(1);

  private final DeviceRepository devices;
  private final ReadingStore readings;

  public QueryReadingsHandler(DeviceRepository devices, ReadingStore readings) {
    this.devices = Objects.requireNonNull(devices, "devices");
    this.readings = Objects.requireNonNull(readings, "readings");
  }

  /**
   * @throws NotFoundException {@code DEVICE_NOT_FOUND}, also for a device the caller may not see
   * @throws InvalidInputException {@code INVALID_READING_QUERY} for a bucket width under a second
   *     or one that cuts the range into more than {@link #MAX_BUCKETS} buckets
   */
  public ReadingsPage handle(QueryReadings query) {
    var id = query.deviceId();
    TelemetryAccess.toDevicesAndReadings(query.principal())
        .flatMap(scope -> devices.findById(id, scope))
        .orElseThrow(() -> NotFoundException.of("device", id.toString()));
    return query
        .bucketWidth()
        .map(width -> ReadingsPage.ofBuckets(buckets(id, query, width)))
        .orElseGet(
            () ->
                ReadingsPage.ofPoints(
                    readings.raw(id, query.metric(), query.range(), query.page())));
  }

  private Page<ReadingBucket> buckets(DeviceId id, QueryReadings query, Duration width) {
    if (width.compareTo(MIN_BUCKET_WIDTH) < 0) {
      throw InvalidInputException.of(
          "INVALID_READING_QUERY", "bucket_width", "must be at least one second");
    }
    var from =
        query
            .page()
            .afterCursor()
            .map(QueryReadingsHandler::bucketStart)
            .filter(start -> start.isAfter(query.range().from()))
            .orElse(query.range().from());
    var range = new TimeRange(from, query.range().to());
    long buckets = range.length().dividedBy(width) + 1;
    if (buckets > MAX_BUCKETS) {
      throw InvalidInputException.of(
          "INVALID_READING_QUERY",
          "bucket_width",
          "cuts the range into more than " + MAX_BUCKETS + " buckets");
    }
    List<ReadingBucket> all = readings.aggregate(id, query.metric(), range, width);
    int size = query.page().size();
    if (all.size() <= size) {
      return new Page<>(all, Optional.empty());
    }
    return new Page<>(all.subList(0, size), Optional.of(cursorOf(all.get(size).bucketStart())));
  }

  private static String cursorOf(Instant bucketStart) {
    return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, bucketStart));
  }

  private static Instant bucketStart(String cursor) {
    try {
      return Instant.EPOCH.plus(Long.parseLong(cursor), ChronoUnit.MICROS);
    } catch (NumberFormatException | ArithmeticException | DateTimeException notOurs) {
      throw PageRequest.invalidCursor();
    }
  }
}
