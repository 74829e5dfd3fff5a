package dev.fieldops.invoicing.domain.device;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
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

  /** A device with the last month its monitoring is settled through (empty: none yet). */
  record Unsettled(MonitoredDevice device, Optional<YearMonth> settledThrough) {
    public Unsettled {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(settledThrough, "settledThrough");
    }
  }

  /**
   * Devices registered before the end of {@code month} whose monitoring is not settled through it
   * and that may still have a month to bill (not decommissioned before the month after the settled
   * one started), with an id greater than {@code after} (null: from the first), ordered by id, at
   * most {@code limit}.
   */
  List<Unsettled> unsettledThrough(YearMonth month, UUID after, int limit);

  /** Records that the device's monitoring is settled through {@code month}; never moves back. */
  void settleThrough(UUID deviceId, YearMonth month);
}
