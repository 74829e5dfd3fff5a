package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProtoTimesTest {

  @Test
  void an_instant_survives_the_round_trip_to_the_nanosecond() {
    var instant = Instant.parse("2027-03-01T08:15:30.123456789Z");

    var timestamp = ProtoTimes.timestamp(instant);

    assertThat(timestamp.getSeconds()).isEqualTo(instant.getEpochSecond());
    assertThat(timestamp.getNanos()).isEqualTo(123_456_789);
    assertThat(ProtoTimes.instant(timestamp)).isEqualTo(instant);
  }

  @Test
  void an_instant_before_the_epoch_keeps_positive_nanos() {
    var instant = Instant.parse("1969-12-31T23:59:59.5Z");

    assertThat(ProtoTimes.timestamp(instant))
        .isEqualTo(Timestamp.newBuilder().setSeconds(-1).setNanos(500_000_000).build());
  }

  @Test
  void an_unset_timestamp_is_the_epoch_and_an_unset_duration_is_zero() {
    assertThat(ProtoTimes.instant(Timestamp.getDefaultInstance())).isEqualTo(Instant.EPOCH);
    assertThat(ProtoTimes.duration(Duration.getDefaultInstance()))
        .isEqualTo(java.time.Duration.ZERO);
  }

  @Test
  void a_duration_survives_the_round_trip() {
    var duration = java.time.Duration.ofSeconds(90, 250_000_000);

    assertThat(ProtoTimes.duration(ProtoTimes.duration(duration))).isEqualTo(duration);
  }
}
