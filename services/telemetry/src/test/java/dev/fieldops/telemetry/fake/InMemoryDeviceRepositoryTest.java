package dev.fieldops.telemetry.fake;

import dev.fieldops.telemetry.contract.DeviceRepositoryContract;
import dev.fieldops.telemetry.domain.device.DeviceDirectory;
import dev.fieldops.telemetry.domain.device.DeviceRepository;
import java.util.List;
import java.util.UUID;

class InMemoryDeviceRepositoryTest extends DeviceRepositoryContract {

  private final InMemoryOutbox outbox = new InMemoryOutbox();
  private final InMemoryDeviceRepository devices = new InMemoryDeviceRepository(outbox);

  @Override
  protected DeviceRepository repository() {
    return devices;
  }

  @Override
  protected DeviceDirectory directory() {
    return devices;
  }

  @Override
  protected List<UUID> outboxEventIds() {
    return outbox.eventIds();
  }
}
