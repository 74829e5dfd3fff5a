package dev.fieldops.support.application.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What asking telemetry about a device gave. */
public sealed interface DeviceLookup {

  /** Telemetry described the device. */
  record Found(DeviceDetails device) implements DeviceLookup {
    public Found {
      Objects.requireNonNull(device, "device");
    }
  }

  /** Telemetry says the device does not exist (asking again will not change that). */
  record UnknownDevice() implements DeviceLookup {}

  /** Telemetry could not answer now; {@code reason} is for the logs and operators. */
  record Unavailable(String reason) implements DeviceLookup {
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A device as an agent needs to know it.
   *
   * @param kind what it monitors ({@code FREEZER}, {@code COLD_ROOM}, ...)
   * @param state whether it is in service ({@code ACTIVE}, {@code DECOMMISSIONED})
   * @param readings the summary of the readings in {@code [from, to)}; empty when there were none
   */
  record DeviceDetails(
      String name,
      String location,
      String kind,
      String state,
      ReadingMetric metric,
      Instant from,
      Instant to,
      Optional<ReadingsSummary> readings) {

    public DeviceDetails {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(readings, "readings");
    }
  }

  /** Lowest, highest and mean value of {@code count} readings. */
  record ReadingsSummary(double min, double max, double avg, long count) {
    public ReadingsSummary {
      if (count < 1) {
        throw new IllegalArgumentException("a summary covers at least one reading");
      }
    }
  }
}
