package dev.fieldops.telemetry.fake;

import dev.fieldops.telemetry.contract.AlertRepositoryContract;
import dev.fieldops.telemetry.domain.alert.AlertRepository;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import java.util.List;
import java.util.UUID;

class InMemoryAlertRepositoryTest extends AlertRepositoryContract {

  private final InMemoryOutbox outbox = new InMemoryOutbox();
  private final InMemoryAlertRepository alerts = new InMemoryAlertRepository(outbox);

  @Override
  protected AlertRepository repository() {
    return alerts;
  }

  @Override
  protected List<UUID> outboxEventIds() {
    return outbox.eventIds();
  }

  @Override
  protected void givenDevice(Device device) {
    // alerts in memory refer to devices by id only
  }

  @Override
  protected void givenRule(AlertRule rule) {
    // alerts in memory refer to rules by id only
  }
}
