package dev.fieldops.telemetry.bootstrap;

import dev.fieldops.kernel.CommandDecorator;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.runtime.CountedFigures;
import dev.fieldops.runtime.PeriodicJob;
import dev.fieldops.telemetry.adapter.postgres.JooqAlertFigures;
import dev.fieldops.telemetry.application.command.IngestResult;
import dev.fieldops.telemetry.domain.alert.AlertState;
import dev.fieldops.telemetry.domain.reading.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;

/**
 * Telemetry's figures for operators:
 *
 * <table>
 *   <caption>Meters (Prometheus names)</caption>
 *   <tr><td>{@code fieldops_telemetry_readings_total{outcome,reason}}</td><td>readings ingested:
 *       {@code outcome="accepted",reason="none"}, or {@code outcome="rejected"} with the reject
 *       reason in lower case ({@code unknown_device}, {@code value_out_of_range}, ...)</td></tr>
 *   <tr><td>{@code fieldops_telemetry_alerts_active{state}}</td><td>open alerts now, {@code
 *       ACTIVE} or {@code ACKNOWLEDGED} (gauge, counted periodically)</td></tr>
 * </table>
 *
 * <p>Readings are counted where their batch's result is known: a decorator around the ingest
 * handler ({@code TelemetryApplication.observingIngest}) that adds each {@link IngestResult}'s
 * counts, a few additions per batch whatever its size.
 */
final class TelemetryFigures implements CommandDecorator {

  /** The name of the counting job. */
  static final String JOB = "telemetry-figures";

  private final Counter accepted;
  private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
  private final CountedFigures.PerValue<AlertState> openAlerts;
  private final JooqAlertFigures alerts;

  TelemetryFigures(MeterRegistry registry, JooqAlertFigures alerts) {
    this.alerts = alerts;
    accepted = readings(registry, "accepted", "none");
    for (RejectReason reason : RejectReason.values()) {
      rejected.put(reason, readings(registry, "rejected", reason.name().toLowerCase(Locale.ROOT)));
    }
    var figures = new CountedFigures(registry);
    openAlerts =
        figures.gaugePerValue(
            "fieldops.telemetry.alerts.active",
            "Open alerts per state (counted periodically)",
            "state",
            EnumSet.complementOf(EnumSet.of(AlertState.CLEARED)));
  }

  private static Counter readings(MeterRegistry registry, String outcome, String reason) {
    return Counter.builder("fieldops.telemetry.readings")
        .description("Readings ingested, accepted or rejected by reason")
        .tags("outcome", outcome, "reason", reason)
        .register(registry);
  }

  @Override
  public <C, R> CommandHandler<C, R> decorate(CommandHandler<C, R> handler) {
    return command -> {
      R result = handler.handle(command);
      if (result instanceof IngestResult ingested) {
        accepted.increment(ingested.accepted());
        ingested
            .rejectedByReason()
            .forEach((reason, count) -> rejected.get(reason).increment(count));
      }
      return result;
    };
  }

  /** The job counting the open alerts. */
  PeriodicJob job(Map<String, String> env) {
    return CountedFigures.job(JOB, env, () -> openAlerts.set(alerts.openByState()));
  }
}
