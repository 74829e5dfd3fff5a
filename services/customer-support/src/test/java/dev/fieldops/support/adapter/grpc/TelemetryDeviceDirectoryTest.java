package dev.fieldops.support.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.support.application.event.DeviceLookup.ReadingsSummary;
import dev.fieldops.telemetry.v1.ReadingBucket;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryDeviceDirectoryTest {

  @Test
  void the_hour_is_summarised_across_the_two_buckets_it_may_straddle() {
    var summary =
        TelemetryDeviceDirectory.merge(
            List.of(
                ReadingBucket.newBuilder().setMin(-20).setMax(-12).setAvg(-16).setCount(20).build(),
                ReadingBucket.newBuilder()
                    .setMin(-15)
                    .setMax(-9.5)
                    .setAvg(-11)
                    .setCount(10)
                    .build()));

    assertThat(summary).contains(new ReadingsSummary(-20, -9.5, (-16.0 * 20 - 11.0 * 10) / 30, 30));
  }

  @Test
  void an_hour_without_readings_has_no_summary() {
    assertThat(TelemetryDeviceDirectory.merge(List.of())).isEmpty();
  }
}
