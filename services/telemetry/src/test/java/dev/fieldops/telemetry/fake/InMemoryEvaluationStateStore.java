package dev.fieldops.telemetry.fake;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.evaluation.DeviceEvaluatorSnapshot;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Evaluator checkpoints in memory. */
public final class InMemoryEvaluationStateStore implements EvaluationStateStore {

  private final Map<DeviceId, DeviceEvaluatorSnapshot> rows = new HashMap<>();

  @Override
  public synchronized Map<DeviceId, DeviceEvaluatorSnapshot> loadAll(Set<DeviceId> devices) {
    var result = new HashMap<DeviceId, DeviceEvaluatorSnapshot>();
    for (DeviceId device : devices) {
      var snapshot = rows.get(device);
      if (snapshot != null) {
        result.put(device, snapshot);
      }
    }
    return result;
  }

  @Override
  public synchronized void saveAll(Collection<DeviceEvaluatorSnapshot> snapshots) {
    snapshots.forEach(snapshot -> rows.put(snapshot.deviceId(), snapshot));
  }

  @Override
  public synchronized void delete(DeviceId device) {
    rows.remove(device);
  }

  public synchronized int size() {
    return rows.size();
  }
}
