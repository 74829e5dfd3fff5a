package dev.fieldops.telemetry.contract;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.humidity;
import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static dev.fieldops.telemetry.fixture.ReadingFixtures.temperature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.reading.ReadingBucket;
import dev.fieldops.telemetry.domain.reading.ReadingStore;
import dev.fieldops.telemetry.domain.reading.TimeRange;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link ReadingStore} must do. */
public abstract class ReadingStoreContract {

  protected abstract ReadingStore store();

  /** Makes the device exist (for stores whose readings refer to devices). */
  protected abstract void givenDevice(Device device);

  private Device device() {
    var device = DeviceFixtures.freezerOf(DeviceFixtures.anotherCustomer());
    givenDevice(device);
    return device;
  }

  private static TimeRange minutes(double from, double to) {
    return new TimeRange(minute(from), minute(to));
  }

  @Test
  void appended_readings_come_back_raw_in_observe_time_order_within_a_half_open_range() {
    var freezer = device();
    store()
        .append(
            List.of(
                temperature(freezer.id(), 3, -18.0),
                temperature(freezer.id(), 1, -18.5),
                temperature(freezer.id(), 2, -18.25),
                temperature(freezer.id(), 4, -17.0),
                humidity(freezer.id(), 2, 40.0)));

    var page =
        store().raw(freezer.id(), Metric.TEMPERATURE_CELSIUS, minutes(1, 4), PageRequest.first(50));

    assertThat(page.items())
        .containsExactly(
            temperature(freezer.id(), 1, -18.5),
            temperature(freezer.id(), 2, -18.25),
            temperature(freezer.id(), 3, -18.0));
    assertThat(page.nextCursor()).isEmpty();
  }

  @Test
  void appending_a_reading_again_keeps_the_first_one_and_counts_only_the_new_ones() {
    var freezer = device();
    var first = store().append(List.of(temperature(freezer.id(), 1, -18.0)));

    var second =
        store()
            .append(
                List.of(temperature(freezer.id(), 1, -10.0), temperature(freezer.id(), 2, -17.5)));

    assertThat(first).isEqualTo(1);
    assertThat(second).isEqualTo(1);
    assertThat(
            store()
                .raw(
                    freezer.id(), Metric.TEMPERATURE_CELSIUS, minutes(0, 10), PageRequest.first(50))
                .items())
        .containsExactly(temperature(freezer.id(), 1, -18.0), temperature(freezer.id(), 2, -17.5));
  }

  @Test
  void latest_after_gives_per_device_and_metric_the_latest_observe_time_after_the_given_one() {
    var freezer = device();
    var other = device();
    store()
        .append(
            List.of(
                temperature(freezer.id(), 1, -18.0),
                temperature(freezer.id(), 3, -18.0),
                temperature(freezer.id(), 2, -18.0),
                humidity(freezer.id(), 2, 40.0),
                temperature(other.id(), 1.5, -18.0),
                humidity(other.id(), 4, 40.0)));

    var latest =
        store()
            .latestAfter(
                Map.of(
                    freezer.id(),
                    Map.of(
                        Metric.TEMPERATURE_CELSIUS, minute(1.5),
                        Metric.HUMIDITY_PERCENT, minute(2)),
                    other.id(),
                    Map.of(Metric.TEMPERATURE_CELSIUS, minute(0))));

    assertThat(latest)
        .containsOnlyKeys(freezer.id(), other.id())
        .containsEntry(freezer.id(), Map.of(Metric.TEMPERATURE_CELSIUS, minute(3)))
        .containsEntry(other.id(), Map.of(Metric.TEMPERATURE_CELSIUS, minute(1.5)));
    assertThat(store().latestAfter(Map.of())).isEmpty();
  }

  @Test
  void microseconds_survive_the_round_trip() {
    var freezer = device();
    var precise =
        new Reading(
            freezer.id(), Metric.TEMPERATURE_CELSIUS, -18.123456, minute(1).plusNanos(123_456_789));

    store().append(List.of(precise));

    assertThat(
            store()
                .raw(freezer.id(), Metric.TEMPERATURE_CELSIUS, minutes(0, 2), PageRequest.first(5))
                .items())
        .singleElement()
        .satisfies(
            stored -> {
              assertThat(stored.observeTime()).isEqualTo(minute(1).plusNanos(123_456_000));
              assertThat(stored.value()).isEqualTo(-18.123456);
            });
  }

  @Test
  void raw_readings_are_paged_without_gaps_or_repeats() {
    var freezer = device();
    var readings = new ArrayList<Reading>();
    for (int i = 0; i < 7; i++) {
      readings.add(temperature(freezer.id(), i, -18 + i * 0.1));
    }
    store().append(readings);

    var seen = new ArrayList<Reading>();
    var page =
        store().raw(freezer.id(), Metric.TEMPERATURE_CELSIUS, minutes(0, 60), PageRequest.first(3));
    seen.addAll(page.items());
    while (page.nextCursor().isPresent()) {
      page =
          store()
              .raw(
                  freezer.id(),
                  Metric.TEMPERATURE_CELSIUS,
                  minutes(0, 60),
                  PageRequest.first(3).after(page.nextCursor().get()));
      seen.addAll(page.items());
    }

    assertThat(seen).containsExactlyElementsOf(readings);
    assertThatThrownBy(
            () ->
                store()
                    .raw(
                        freezer.id(),
                        Metric.TEMPERATURE_CELSIUS,
                        minutes(0, 60),
                        PageRequest.first(3).after("bogus!")))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aggregates_are_computed_per_epoch_aligned_bucket_and_empty_buckets_are_left_out() {
    var freezer = device();
    store()
        .append(
            List.of(
                temperature(freezer.id(), 0, -20.0),
                temperature(freezer.id(), 4, -18.0),
                temperature(freezer.id(), 9.5, -16.0),
                temperature(freezer.id(), 25, -10.0),
                humidity(freezer.id(), 1, 50.0)));

    var buckets =
        store()
            .aggregate(
                freezer.id(), Metric.TEMPERATURE_CELSIUS, minutes(0, 30), Duration.ofMinutes(10));

    assertThat(buckets)
        .extracting(ReadingBucket::bucketStart)
        .containsExactly(minute(0), minute(20));
    var first = buckets.getFirst();
    assertThat(first.count()).isEqualTo(3);
    assertThat(first.min()).isEqualTo(-20.0);
    assertThat(first.max()).isEqualTo(-16.0);
    assertThat(first.avg()).isCloseTo(-18.0, within(1e-9));
    assertThat(buckets.get(1).count()).isEqualTo(1);
  }

  @Test
  void aggregates_only_count_readings_inside_the_range() {
    var freezer = device();
    store()
        .append(List.of(temperature(freezer.id(), 1, -20.0), temperature(freezer.id(), 6, -10.0)));

    var buckets =
        store()
            .aggregate(
                freezer.id(), Metric.TEMPERATURE_CELSIUS, minutes(5, 10), Duration.ofMinutes(10));

    assertThat(buckets)
        .singleElement()
        .satisfies(
            bucket -> {
              assertThat(bucket.bucketStart()).isEqualTo(minute(0));
              assertThat(bucket.count()).isEqualTo(1);
              assertThat(bucket.min()).isEqualTo(-10.0);
            });
  }

  @Test
  void history_returns_every_metric_of_the_given_devices_from_the_given_time_in_observe_order() {
    var freezer = device();
    var fridge = device();
    var elsewhere = device();
    store()
        .append(
            List.of(
                temperature(freezer.id(), 1, -18.0),
                temperature(freezer.id(), 5, -17.0),
                humidity(freezer.id(), 3, 40.0),
                temperature(fridge.id(), 2, 4.0),
                temperature(elsewhere.id(), 4, 20.0)));

    var history = store().history(Set.of(freezer.id(), fridge.id()), minute(2));

    assertThat(history)
        .containsExactly(
            temperature(fridge.id(), 2, 4.0),
            humidity(freezer.id(), 3, 40.0),
            temperature(freezer.id(), 5, -17.0));
  }
}
