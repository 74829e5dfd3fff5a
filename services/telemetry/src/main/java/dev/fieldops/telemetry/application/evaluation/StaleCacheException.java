package dev.fieldops.telemetry.application.evaluation;

import dev.fieldops.telemetry.domain.device.DeviceId;
import java.util.Set;

/**
 * An evaluation pass found, once its devices were locked, that a device profile or rules it was
 * given are older than the stored ones (another instance changed them and this one's cache has not
 * heard yet). Nothing of the pass was done; the stale rules are already forgotten, and the caller
 * forgets the {@link #devices()} named here and starts over with what the directory reads now.
 */
public final class StaleCacheException extends RuntimeException {

  private final Set<DeviceId> devices;

  StaleCacheException(Set<DeviceId> devices) {
    super("cached device profiles or rules are older than the stored ones", null, false, false);
    this.devices = Set.copyOf(devices);
  }

  /** The devices whose cached profiles are stale (empty when only rules were). */
  public Set<DeviceId> devices() {
    return devices;
  }
}
