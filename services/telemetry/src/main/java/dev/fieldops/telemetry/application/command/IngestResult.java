package dev.fieldops.telemetry.application.command;

import dev.fieldops.telemetry.domain.reading.RejectReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What became of a batch of readings.
 *
 * @param accepted readings stored (late and duplicate ones included)
 * @param rejectedByReason count of rejected readings per reason (reasons without rejects absent)
 * @param rejectedSamples the first rejects, at most {@link #MAX_SAMPLES}, by index in the batch
 * @param late accepted readings older than what the device already had evaluated: stored, not
 *     evaluated
 * @param duplicates accepted readings with the same observe time as the latest evaluated one:
 *     ignored by evaluation
 * @param alreadyStored accepted readings the store held already (a client resending after a
 *     timeout): the first value was kept, nothing changed
 */
public record IngestResult(
    int accepted,
    Map<RejectReason, Integer> rejectedByReason,
    List<RejectedReading> rejectedSamples,
    int late,
    int duplicates,
    int alreadyStored) {

  public static final int MAX_SAMPLES = 100;

  /** A result without readings that were stored already. */
  public IngestResult(
      int accepted,
      Map<RejectReason, Integer> rejectedByReason,
      List<RejectedReading> rejectedSamples,
      int late,
      int duplicates) {
    this(accepted, rejectedByReason, rejectedSamples, late, duplicates, 0);
  }

  /** Accepted readings that the store did not hold before. */
  public int newlyStored() {
    return accepted - alreadyStored;
  }

  public IngestResult {
    rejectedByReason =
        rejectedByReason.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(rejectedByReason));
    rejectedSamples = List.copyOf(rejectedSamples);
  }

  public int rejected() {
    return rejectedByReason.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The sum of two results: for a stream that is ingested in several batches. */
  public IngestResult plus(IngestResult later, int indexOffset) {
    var reasons = new EnumMap<RejectReason, Integer>(RejectReason.class);
    reasons.putAll(rejectedByReason);
    later.rejectedByReason.forEach((reason, count) -> reasons.merge(reason, count, Integer::sum));
    var samples = new ArrayList<>(rejectedSamples);
    for (RejectedReading sample : later.rejectedSamples) {
      if (samples.size() >= MAX_SAMPLES) {
        break;
      }
      samples.add(new RejectedReading(sample.index() + indexOffset, sample.reason()));
    }
    return new IngestResult(
        accepted + later.accepted,
        reasons,
        samples,
        late + later.late,
        duplicates + later.duplicates,
        alreadyStored + later.alreadyStored);
  }

  public static IngestResult nothing() {
    return new IngestResult(0, Map.of(), List.of(), 0, 0);
  }
}
