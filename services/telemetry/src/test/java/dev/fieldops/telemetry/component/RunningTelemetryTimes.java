package dev.fieldops.telemetry.component;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Instants as protobuf timestamps, for requests built in tests. */
final class RunningTelemetryTimes {

  private RunningTelemetryTimes() {}

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
