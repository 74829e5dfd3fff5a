package dev.fieldops.telemetry.domain.device;

import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fast, batch-oriented lookup of device profiles for ingest and evaluation: one call per batch of
 * readings, never one per reading. Implementations may cache profiles (they are immutable); a cache
 * must honour {@link #invalidate(DeviceId)}, which the handlers call after a device changes. A
 * profile carries its device's version: the evaluation pass checks it against the stored one, so a
 * profile cached before another instance's change is never evaluated with.
 */
public interface DeviceDirectory {

  /** The profiles of those of the given devices that exist, decommissioned ones included. */
  Map<DeviceId, DeviceProfile> findAll(Set<DeviceId> ids);

  /** The active devices of one customer (targets of a customer-wide rule). */
  List<DeviceProfile> activeDevicesOf(CustomerId customerId);

  /** Forget anything cached about the device; the next lookup reads the source of truth. */
  default void invalidate(DeviceId id) {}
}
