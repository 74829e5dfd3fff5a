package dev.fieldops.invoicing.testing;

import dev.fieldops.invoicing.domain.device.MonitoredDevice;
import dev.fieldops.invoicing.domain.device.MonitoredDeviceRepository;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link MonitoredDeviceRepository} in memory, so that the application factory has every port in
 * the tests; the monitoring billing itself is proved against PostgreSQL by the component tests.
 */
public final class InMemoryMonitoredDeviceRepository implements MonitoredDeviceRepository {

  private final Map<UUID, MonitoredDevice> devices = new HashMap<>();
  private final Map<UUID, YearMonth> settled = new HashMap<>();

  @Override
  public synchronized MonitoredDevice addIfAbsent(MonitoredDevice device) {
    return devices.computeIfAbsent(device.deviceId(), id -> device);
  }

  @Override
  public synchronized Optional<MonitoredDevice> find(UUID deviceId) {
    return Optional.ofNullable(devices.get(deviceId));
  }

  @Override
  public synchronized Optional<MonitoredDevice> decommission(UUID deviceId, Instant time) {
    // The first decommissioning counts, as in the adapter.
    return Optional.ofNullable(
        devices.computeIfPresent(
            deviceId,
            (id, device) ->
                device.decommissionedTime().isPresent()
                    ? device
                    : new MonitoredDevice(
                        device.deviceId(),
                        device.customerId(),
                        device.registeredTime(),
                        Optional.of(time))));
  }

  @Override
  public synchronized List<Unsettled> unsettledThrough(YearMonth month, UUID after, int limit) {
    return devices.values().stream()
        .filter(device -> after == null || device.deviceId().compareTo(after) > 0)
        .filter(
            device -> mayBill(device, Optional.ofNullable(settled.get(device.deviceId())), month))
        .sorted(Comparator.comparing(MonitoredDevice::deviceId))
        .limit(limit)
        .map(device -> new Unsettled(device, Optional.ofNullable(settled.get(device.deviceId()))))
        .toList();
  }

  private static boolean mayBill(
      MonitoredDevice device, Optional<YearMonth> through, YearMonth month) {
    boolean unsettled = through.map(m -> m.isBefore(month)).orElse(true);
    boolean active =
        device.decommissionedTime().isEmpty()
            || through.isEmpty()
            || device
                .decommissionedTime()
                .get()
                .isAfter(MonitoredDevice.startOf(through.get().plusMonths(1)));
    boolean registered =
        device.registeredTime().isBefore(MonitoredDevice.startOf(month.plusMonths(1)));
    return unsettled && active && registered;
  }

  @Override
  public synchronized void settleThrough(UUID deviceId, YearMonth month) {
    settled.merge(deviceId, month, (old, fresh) -> fresh.isAfter(old) ? fresh : old);
  }
}
