package dev.fieldops.invoicing.domain.device;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Stores monitored devices (a port). Like the other repositories, a method runs in its own
 * transaction or joins the one open on the calling thread (an event consumer's).
 */
public interface MonitoredDeviceRepository {

  /**
   * Stores {@code device} unless one with its id is stored already; returns whichever is stored (a
   * repeated registration keeps the first one's facts).
   */
  MonitoredDevice addIfAbsent(MonitoredDevice device);

  /** The device, if registered. */
  Optional<MonitoredDevice> find(UUID deviceId);

  /**
   * Records the decommissioning; a device decommissioned already keeps its first time. Returns the
   * stored device, or empty when no such device is registered.
   */
  Optional<MonitoredDevice> decommission(UUID deviceId, Instant time);

  /**
   * Devices registered at or before {@code instant} and not decommissioned at or before it, with an
   * id greater than {@code after} (null: from the first), ordered by id, at most {@code limit}.
   */
  List<MonitoredDevice> activeAt(Instant instant, UUID after, int limit);
}
