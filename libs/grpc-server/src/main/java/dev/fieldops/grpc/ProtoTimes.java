package dev.fieldops.grpc;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import java.time.Instant;

/**
 * {@code google.protobuf.Timestamp} and {@code Duration} ↔ {@code java.time}, exactly (nanosecond
 * for nanosecond, no range check: a request's values are checked by {@link WellFormedValues} before
 * a service reads them, and the domain's instants are always in range). Every service's wire
 * translation converts time through here, so that no two services round or validate differently.
 */
public final class ProtoTimes {

  private ProtoTimes() {}

  /** The timestamp of {@code instant}. */
  public static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  /** The instant {@code timestamp} names; the epoch for an unset timestamp. */
  public static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  /** The protobuf duration of {@code duration}. */
  public static Duration duration(java.time.Duration duration) {
    return Duration.newBuilder()
        .setSeconds(duration.getSeconds())
        .setNanos(duration.getNano())
        .build();
  }

  /** The length {@code duration} names; zero for an unset duration. */
  public static java.time.Duration duration(Duration duration) {
    return java.time.Duration.ofSeconds(duration.getSeconds(), duration.getNanos());
  }
}
