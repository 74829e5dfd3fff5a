package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.paging.Page;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.reading.ReadingBucket;
import java.util.List;

/** The answer of {@link QueryReadings}: raw points or buckets. */
public sealed interface ReadingsAnswer {

  record RawReadings(Page<Reading> page) implements ReadingsAnswer {}

  record AggregatedReadings(List<ReadingBucket> buckets) implements ReadingsAnswer {
    public AggregatedReadings {
      buckets = List.copyOf(buckets);
    }
  }
}
