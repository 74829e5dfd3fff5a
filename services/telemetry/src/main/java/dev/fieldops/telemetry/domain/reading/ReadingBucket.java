package dev.fieldops.telemetry.domain.reading;

import java.time.Instant;
import java.util.Objects;

/**
 * The aggregate of the readings in one time bucket {@code [bucketStart, bucketStart + width)}.
 * Buckets without readings are not returned, so {@code count} is at least 1.
 */
public record ReadingBucket(Instant bucketStart, long count, double min, double max, double avg) {

  public ReadingBucket {
    Objects.requireNonNull(bucketStart, "bucketStart");
    if (count < 1) {
      throw new IllegalArgumentException("a returned bucket holds at least one reading");
    }
  }
}
