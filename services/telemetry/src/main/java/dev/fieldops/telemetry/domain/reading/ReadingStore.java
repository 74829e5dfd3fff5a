package dev.fieldops.telemetry.domain.reading;

import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.domain.device.DeviceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stored readings, partitioned by observe time in the real store. Writes come in batches (the
 * adapter should use COPY or multi-row inserts). Callers check who may see a device before asking
 * for its readings.
 */
public interface ReadingStore {

  /**
   * Stores a batch of accepted readings in one transaction. Idempotent per reading key (device,
   * metric, observe time): a reading that is already stored is skipped, not an error, because
   * clients retry whole batches after a timeout.
   *
   * @return how many of the readings were new; the others were stored already
   */
  int append(List<Reading> readings);

  /**
   * The stored readings of the given devices observed at or after {@code from}, in observe-time
   * order: the input of rebuilding evaluator state after a restart.
   */
  List<Reading> history(Set<DeviceId> devices, Instant from);

  /**
   * Per device and metric, the observe time of the latest stored reading observed after the given
   * time; a device and metric without such a reading is left out. How evaluator caches learn what
   * other replicas evaluated: cheap when {@code after} is recent (older time partitions are not
   * read).
   */
  Map<DeviceId, Map<Metric, Instant>> latestAfter(Map<DeviceId, Map<Metric, Instant>> after);

  /** One device's raw readings of one metric in the range, oldest first, keyset-paginated. */
  Page<Reading> raw(DeviceId device, Metric metric, TimeRange range, PageRequest page);

  /**
   * MIN/MAX/AVG/COUNT of one device's readings of one metric per bucket, oldest bucket first.
   * Buckets are aligned to the Unix epoch ({@code date_bin(width, observe_time, 'epoch')}) and
   * clipped to the range; empty buckets are left out.
   */
  List<ReadingBucket> aggregate(
      DeviceId device, Metric metric, TimeRange range, Duration bucketWidth);
}
