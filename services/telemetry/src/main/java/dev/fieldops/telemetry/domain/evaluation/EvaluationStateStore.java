package dev.fieldops.telemetry.domain.evaluation;

import dev.fieldops.telemetry.domain.device.DeviceId;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Checkpoints of evaluator state, so that a restart resumes where evaluation was instead of
 * replaying a long history. A checkpoint may lag behind: the readings stored after it are replayed
 * on load. Writes are periodic and batched, off the ingest path.
 */
public interface EvaluationStateStore {

  /** The latest checkpoint of each of the given devices that has one. */
  Map<DeviceId, DeviceEvaluatorSnapshot> loadAll(Set<DeviceId> devices);

  /** Inserts or replaces the checkpoints of the given devices, in one transaction. */
  void saveAll(Collection<DeviceEvaluatorSnapshot> snapshots);

  /** Drops a device's checkpoint (after decommissioning). */
  void delete(DeviceId device);
}
