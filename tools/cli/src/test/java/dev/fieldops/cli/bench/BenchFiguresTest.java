package dev.fieldops.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchFiguresTest {

  private static final MetricsPage PAGE =
      new MetricsPage(
          """
          # HELP fieldops_outbox_backlog events committed but not yet in the stream
          # TYPE fieldops_outbox_backlog gauge
          fieldops_outbox_backlog{service="customer-support",stream="SUPPORT"} 3.0
          fieldops_outbox_backlog_extra{service="customer-support"} 100.0
          fieldops_consumer_pending{durable="support-alert-tickets",service="customer-support"} 2.0
          fieldops_consumer_pending{durable="support-active-alerts",service="customer-support"} 5.0
          fieldops_telemetry_readings_total{outcome="accepted",reason="none"} 1200.0
          fieldops_telemetry_readings_total{outcome="rejected",reason="unknown_device"} 7.0
          """);

  @Test
  void a_metric_is_the_sum_of_its_series_and_only_of_its_own() {
    assertThat(PAGE.sum("fieldops_outbox_backlog", "")).isEqualTo(3.0);
    assertThat(PAGE.sum("fieldops_consumer_pending", "")).isEqualTo(7.0);
  }

  @Test
  void a_label_filter_picks_the_series_that_carry_it() {
    assertThat(PAGE.sum("fieldops_telemetry_readings_total", "outcome=\"accepted\""))
        .isEqualTo(1200.0);
  }

  @Test
  void a_metric_the_page_lacks_is_not_a_zero() {
    assertThat(PAGE.sum("fieldops_outbox_failures_total", "")).isNaN();
    assertThat(new MetricsPage("").sum("fieldops_outbox_backlog", "")).isNaN();
  }

  @Test
  void percentiles_are_nearest_rank() {
    double[] sorted = new double[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }
    assertThat(Latencies.percentile(sorted, 50)).isEqualTo(50.0);
    assertThat(Latencies.percentile(sorted, 99)).isEqualTo(99.0);
    assertThat(Latencies.percentile(sorted, 100)).isEqualTo(100.0);
    assertThat(Latencies.percentile(new double[] {7}, 99)).isEqualTo(7.0);
    assertThat(Latencies.percentile(new double[0], 50)).isNaN();
  }

  @Test
  void latencies_of_an_interval_are_those_completed_in_it() {
    var latencies = new Latencies();
    latencies.add(1_000, 12);
    latencies.add(2_000, 40);
    latencies.add(3_000, 5);
    assertThat(latencies.between(1_500, 3_001)).containsExactly(5.0, 40.0);
    assertThat(latencies.all()).containsExactly(5.0, 12.0, 40.0);
  }

  @Test
  void a_sparkline_scales_to_the_largest_value_and_leaves_gaps_for_missing_ones() {
    assertThat(TextChart.sparkline(List.of(0.0, 50.0, 100.0, Double.NaN))).isEqualTo("▁▅█ ");
    assertThat(TextChart.sparkline(List.of(0.0, 0.0))).isEqualTo("▁▁");
  }
}
