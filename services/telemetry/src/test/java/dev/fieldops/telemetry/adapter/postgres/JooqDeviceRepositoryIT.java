package dev.fieldops.telemetry.adapter.postgres;

import dev.fieldops.telemetry.contract.DeviceRepositoryContract;
import dev.fieldops.telemetry.domain.device.DeviceDirectory;
import dev.fieldops.telemetry.domain.device.DeviceRepository;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class JooqDeviceRepositoryIT extends DeviceRepositoryContract {

  private static PostgresFixture postgres;
  private static DeviceRepository devices;
  private static DeviceDirectory directory;

  @BeforeAll
  static void startDatabase() {
    postgres = PostgresFixture.start();
    devices = postgres.devices();
    directory = new JooqDeviceDirectory(postgres.transactor(), postgres.dsl());
  }

  @AfterAll
  static void dropDatabase() {
    postgres.close();
  }

  @Override
  protected DeviceRepository repository() {
    return devices;
  }

  @Override
  protected DeviceDirectory directory() {
    return directory;
  }

  @Override
  protected List<UUID> outboxEventIds() {
    return postgres.outboxEventIds();
  }
}
