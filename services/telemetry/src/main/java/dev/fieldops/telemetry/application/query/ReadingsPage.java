package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.paging.Page;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.reading.ReadingBucket;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@link QueryReadings}: one page of raw points, or one page of buckets when the
 * query named a bucket width. Either way the next page's cursor travels with the page, so a caller
 * pages through buckets exactly as it pages through points.
 */
public sealed interface ReadingsPage {

  /** The cursor of the next page, of whichever kind this page is; empty on the last page. */
  default Optional<String> nextCursor() {
    return switch (this) {
      case Points points -> points.page().nextCursor();
      case Buckets buckets -> buckets.page().nextCursor();
    };
  }

  /** Raw readings, oldest first. */
  record Points(Page<Reading> page) implements ReadingsPage {
    public Points {
      Objects.requireNonNull(page, "page");
    }
  }

  /** MIN/MAX/AVG/COUNT per bucket, oldest bucket first; empty buckets are left out. */
  record Buckets(Page<ReadingBucket> page) implements ReadingsPage {
    public Buckets {
      Objects.requireNonNull(page, "page");
    }
  }
}
