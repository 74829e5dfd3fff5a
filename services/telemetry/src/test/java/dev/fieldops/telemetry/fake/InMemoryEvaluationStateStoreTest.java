package dev.fieldops.telemetry.fake;

import dev.fieldops.telemetry.contract.EvaluationStateStoreContract;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore;

class InMemoryEvaluationStateStoreTest extends EvaluationStateStoreContract {

  private final InMemoryEvaluationStateStore checkpoints = new InMemoryEvaluationStateStore();

  @Override
  protected EvaluationStateStore store() {
    return checkpoints;
  }

  @Override
  protected void givenDevice(Device device) {
    // checkpoints in memory refer to devices by id only
  }
}
