package dev.fieldops.telemetry.fake;

import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.DeviceData;
import dev.fieldops.telemetry.domain.device.DeviceDirectory;
import dev.fieldops.telemetry.domain.device.DeviceFilter;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.domain.device.DeviceRepository;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Devices in memory; also the device directory (without a cache). */
public final class InMemoryDeviceRepository implements DeviceRepository, DeviceDirectory {

  private final Map<DeviceId, DeviceData> rows = new HashMap<>();
  private final InMemoryOutbox outbox;
  private int directoryLookups;

  public InMemoryDeviceRepository(InMemoryOutbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public synchronized void add(Device device) {
    if (rows.containsKey(device.id())) {
      throw new IllegalStateException("device " + device.id() + " exists");
    }
    rows.put(device.id(), device.data());
    outbox.append(device.pullEvents());
  }

  @Override
  public synchronized Device update(DeviceId id, AccessScope scope, Consumer<Device> change) {
    var row = visible(id, scope).orElseThrow(() -> NotFoundException.of("device", id.toString()));
    var device = Device.rehydrate(row);
    change.accept(device);
    var events = device.pullEvents();
    if (device.version() != row.version()) {
      if (device.version() != row.version() + 1) {
        throw new IllegalStateException("one update moves a device by one version");
      }
      rows.put(id, device.data());
      outbox.append(events);
    }
    return device;
  }

  @Override
  public synchronized Optional<Device> findById(DeviceId id, AccessScope scope) {
    return visible(id, scope).map(Device::rehydrate);
  }

  @Override
  public synchronized Page<Device> list(DeviceFilter filter, AccessScope scope, PageRequest page) {
    var matching =
        rows.values().stream()
            .filter(row -> scope.includes(row.customerId()) && filter.matches(row))
            .toList();
    return KeysetPages.page(matching, row -> row.id().toString(), page).map(Device::rehydrate);
  }

  @Override
  public synchronized Map<DeviceId, DeviceProfile> findAll(Set<DeviceId> ids) {
    directoryLookups++;
    var result = new HashMap<DeviceId, DeviceProfile>();
    for (DeviceId id : ids) {
      var row = rows.get(id);
      if (row != null) {
        result.put(id, row.profile());
      }
    }
    return result;
  }

  @Override
  public synchronized List<DeviceProfile> activeDevicesOf(CustomerId customerId) {
    return rows.values().stream()
        .filter(row -> row.customerId().equals(customerId))
        .map(DeviceData::profile)
        .filter(DeviceProfile::isActive)
        .toList();
  }

  /** How many batch lookups the directory served (ingest must make one per batch). */
  public synchronized int directoryLookups() {
    return directoryLookups;
  }

  private Optional<DeviceData> visible(DeviceId id, AccessScope scope) {
    return Optional.ofNullable(rows.get(id)).filter(row -> scope.includes(row.customerId()));
  }
}
