package dev.fieldops.telemetry.application.command;

import dev.fieldops.telemetry.application.evaluation.EvaluatorRegistry;
import dev.fieldops.telemetry.domain.evaluation.DeviceEvaluatorSnapshot;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore;
import java.util.Objects;

/**
 * Saves the evaluator state of every device evaluated since the last checkpoint, so that a restart
 * replays only the readings stored after it. Run by a timer (e.g. every 30 s) and at shutdown.
 */
public final class CheckpointEvaluatorsHandler {

  private final EvaluatorRegistry registry;
  private final EvaluationStateStore store;

  public CheckpointEvaluatorsHandler(EvaluatorRegistry registry, EvaluationStateStore store) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.store = Objects.requireNonNull(store, "store");
  }

  /** Returns how many devices were checkpointed. */
  public int handle() {
    var snapshots = registry.takeDirtySnapshots();
    if (snapshots.isEmpty()) {
      return 0;
    }
    try {
      store.saveAll(snapshots);
    } catch (RuntimeException failure) {
      registry.markDirty(snapshots.stream().map(DeviceEvaluatorSnapshot::deviceId).toList());
      throw failure;
    }
    return snapshots.size();
  }
}
