package dev.fieldops.support.application.event;

import dev.fieldops.support.domain.ticket.DeviceId;
import java.time.Instant;

/**
 * Where support learns what a device is and how its readings went: telemetry, which owns devices
 * and readings. A remote call with a deadline, so it is never made inside a database transaction.
 */
public interface DeviceDirectory {

  /**
   * Describes the device and summarises its readings of {@code metric} observed in {@code [from,
   * to)}. Telemetry's failures are answers too: {@link DeviceLookup.Unavailable} when it could not
   * be asked (down, too slow, refusing support's credentials), {@link DeviceLookup.UnknownDevice}
   * when it says there is no such device.
   */
  DeviceLookup describe(DeviceId deviceId, ReadingMetric metric, Instant from, Instant to);
}
