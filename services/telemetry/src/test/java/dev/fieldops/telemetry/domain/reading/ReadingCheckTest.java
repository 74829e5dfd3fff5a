package dev.fieldops.telemetry.domain.reading;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.Stamps;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReadingCheckTest {

  private static final Instant NOW = minute(60);
  private static final Device FREEZER = DeviceFixtures.freezerOf(DeviceFixtures.ACME);
  private static final Device RETIRED = retired();

  private final ReadingCheck check = new ReadingCheck(IngestPolicy.DEFAULT);

  private static Device retired() {
    var device = DeviceFixtures.freezerOf(DeviceFixtures.ACME);
    device.decommission(Stamps.atMinute(1));
    return device;
  }

  private static ReadingSubmission reading(Metric metric, double value, Instant observeTime) {
    return new ReadingSubmission(FREEZER.id().toString(), metric, value, observeTime);
  }

  static Stream<Arguments> rejects() {
    var t = Metric.TEMPERATURE_CELSIUS;
    return Stream.of(
        Arguments.of(
            "no metric",
            reading(null, -18, NOW),
            Optional.of(FREEZER.profile()),
            RejectReason.INVALID_READING),
        Arguments.of(
            "no observe time",
            reading(t, -18, null),
            Optional.of(FREEZER.profile()),
            RejectReason.INVALID_READING),
        Arguments.of(
            "unknown device", reading(t, -18, NOW), Optional.empty(), RejectReason.UNKNOWN_DEVICE),
        Arguments.of(
            "decommissioned",
            reading(t, -18, NOW),
            Optional.of(RETIRED.profile()),
            RejectReason.DEVICE_DECOMMISSIONED),
        Arguments.of(
            "too hot to be true",
            reading(t, 150.1, NOW),
            Optional.of(FREEZER.profile()),
            RejectReason.VALUE_OUT_OF_RANGE),
        Arguments.of(
            "too cold to be true",
            reading(t, -90.5, NOW),
            Optional.of(FREEZER.profile()),
            RejectReason.VALUE_OUT_OF_RANGE),
        Arguments.of(
            "not a number",
            reading(t, Double.NaN, NOW),
            Optional.of(FREEZER.profile()),
            RejectReason.VALUE_OUT_OF_RANGE),
        Arguments.of(
            "humidity over 100 %",
            reading(Metric.HUMIDITY_PERCENT, 100.5, NOW),
            Optional.of(FREEZER.profile()),
            RejectReason.VALUE_OUT_OF_RANGE),
        Arguments.of(
            "beyond the clock skew",
            reading(t, -18, NOW.plus(Duration.ofMinutes(5)).plusMillis(1)),
            Optional.of(FREEZER.profile()),
            RejectReason.OBSERVE_TIME_IN_FUTURE),
        Arguments.of(
            "older than a week",
            reading(t, -18, NOW.minus(Duration.ofDays(7)).minusMillis(1)),
            Optional.of(FREEZER.profile()),
            RejectReason.OBSERVE_TIME_TOO_OLD));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejects")
  void a_reading_is_rejected_with_a_named_reason(
      String situation,
      ReadingSubmission submission,
      Optional<DeviceProfile> device,
      RejectReason reason) {
    assertThat(check.check(submission, device, NOW)).contains(reason);
  }

  @Test
  void readings_at_the_edges_of_range_and_time_window_are_accepted() {
    var t = Metric.TEMPERATURE_CELSIUS;
    var freezer = Optional.of(FREEZER.profile());

    assertThat(check.check(reading(t, 150, NOW), freezer, NOW)).isEmpty();
    assertThat(check.check(reading(t, -90, NOW), freezer, NOW)).isEmpty();
    assertThat(check.check(reading(t, -18, NOW.plus(Duration.ofMinutes(5))), freezer, NOW))
        .isEmpty();
    assertThat(check.check(reading(t, -18, NOW.minus(Duration.ofDays(7))), freezer, NOW)).isEmpty();
    assertThat(check.check(reading(Metric.HUMIDITY_PERCENT, 0, NOW), freezer, NOW)).isEmpty();
  }

  @Test
  void a_reading_keeps_microseconds_of_its_observe_time() {
    var reading =
        new Reading(FREEZER.id(), Metric.TEMPERATURE_CELSIUS, -18, NOW.plusNanos(1_234_567));

    assertThat(reading.observeTime()).isEqualTo(NOW.plusNanos(1_234_000));
  }
}
