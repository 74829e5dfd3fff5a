package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.paging.Page;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.reading.ReadingBucket;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@link QueryReadings}: one page of raw points, or one page of buckets when the
 * query named a bucket width (the other list is then empty). The next page's cursor travels with
 * the page whichever it holds, so a caller pages through buckets exactly as it pages through points
 * and never needs to ask which kind of page it got.
 *
 * @param points raw readings, oldest first
 * @param buckets MIN/MAX/AVG/COUNT per bucket, oldest bucket first; empty buckets are left out
 * @param nextCursor the cursor of the next page; empty on the last page
 */
public record ReadingsPage(
    List<Reading> points, List<ReadingBucket> buckets, Optional<String> nextCursor) {

  public ReadingsPage {
    points = List.copyOf(points);
    buckets = List.copyOf(buckets);
    Objects.requireNonNull(nextCursor, "nextCursor");
  }

  /** A page of raw points. */
  public static ReadingsPage ofPoints(Page<Reading> page) {
    return new ReadingsPage(page.items(), List.of(), page.nextCursor());
  }

  /** A page of buckets. */
  public static ReadingsPage ofBuckets(Page<ReadingBucket> page) {
    return new ReadingsPage(List.of(), page.items(), page.nextCursor());
  }
}
