package dev.fieldops.telemetry.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.observability.Observability;
import dev.fieldops.telemetry.application.command.IngestResult;
import dev.fieldops.telemetry.domain.reading.RejectReason;
import dev.fieldops.test.PrometheusText;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryFiguresTest {

  @Test
  void readings_are_counted_per_batch_accepted_or_rejected_by_reason() {
    try (var observability = Observability.inMemory("telemetry")) {
      var figures = new TelemetryFigures(observability.meterRegistry(), null);
      CommandHandler<String, IngestResult> ingest =
          batch ->
              new IngestResult(
                  7,
                  Map.of(RejectReason.UNKNOWN_DEVICE, 2, RejectReason.VALUE_OUT_OF_RANGE, 1),
                  List.of(),
                  0,
                  0);
      CommandHandler<String, String> other = command -> "not readings";

      figures.decorate(ingest).handle("first batch");
      figures.decorate(ingest).handle("second batch");
      figures.decorate(other).handle("a command that ingests nothing");

      var metrics = PrometheusText.parse(observability.scrape());
      assertThat(
              metrics.value(
                  "fieldops_telemetry_readings_total",
                  Map.of("outcome", "accepted", "reason", "none")))
          .contains(14.0);
      assertThat(
              metrics.value(
                  "fieldops_telemetry_readings_total",
                  Map.of("outcome", "rejected", "reason", "unknown_device")))
          .contains(4.0);
      assertThat(
              metrics.value(
                  "fieldops_telemetry_readings_total",
                  Map.of("outcome", "rejected", "reason", "value_out_of_range")))
          .contains(2.0);
      assertThat(
              metrics.value(
                  "fieldops_telemetry_readings_total",
                  Map.of("outcome", "rejected", "reason", "device_decommissioned")))
          .contains(0.0);
      // Open alerts are served from the first count on; before it, 0.
      assertThat(metrics.value("fieldops_telemetry_alerts_active", Map.of("state", "ACTIVE")))
          .contains(0.0);
    }
  }
}
