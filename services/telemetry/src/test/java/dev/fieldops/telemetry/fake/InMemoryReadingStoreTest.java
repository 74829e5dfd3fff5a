package dev.fieldops.telemetry.fake;

import dev.fieldops.telemetry.contract.ReadingStoreContract;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.reading.ReadingStore;

class InMemoryReadingStoreTest extends ReadingStoreContract {

  private final InMemoryReadingStore readings = new InMemoryReadingStore();

  @Override
  protected ReadingStore store() {
    return readings;
  }

  @Override
  protected void givenDevice(Device device) {
    // readings in memory refer to devices by id only
  }
}
