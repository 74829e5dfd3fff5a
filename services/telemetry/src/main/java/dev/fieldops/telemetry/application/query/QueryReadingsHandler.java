package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.application.Access;
import dev.fieldops.telemetry.domain.device.DeviceRepository;
import dev.fieldops.telemetry.domain.reading.ReadingStore;
import java.time.Duration;
import java.util.Objects;

/**
 * Reads a device's readings after checking, within the caller's scope, that the device is visible
 * (decommissioned devices' history stays readable).
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
  public ReadingsAnswer handle(Principal principal, QueryReadings query) {
    var id = query.deviceId();
    Access.toDevicesAndReadings(principal)
        .flatMap(scope -> devices.findById(id, scope))
        .orElseThrow(() -> NotFoundException.of("device", id.toString()));
    if (query.bucketWidth().isEmpty()) {
      return new ReadingsAnswer.RawReadings(
          readings.raw(id, query.metric(), query.range(), query.page()));
    }
    var width = query.bucketWidth().get();
    if (width.compareTo(MIN_BUCKET_WIDTH) < 0) {
      throw InvalidInputException.of(
          "INVALID_READING_QUERY", "bucket_width", "must be at least one second");
    }
    long buckets = query.range().length().dividedBy(width) + 1;
    if (buckets > MAX_BUCKETS) {
      throw InvalidInputException.of(
          "INVALID_READING_QUERY",
          "bucket_width",
          "cuts the range into more than " + MAX_BUCKETS + " buckets");
    }
    return new ReadingsAnswer.AggregatedReadings(
        readings.aggregate(id, query.metric(), query.range(), width));
  }
}
