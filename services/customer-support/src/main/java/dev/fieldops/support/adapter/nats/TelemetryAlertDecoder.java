package dev.fieldops.support.adapter.nats;

import static dev.fieldops.runtime.IncomingEvents.instant;

import dev.fieldops.kernel.Text;
import dev.fieldops.nats.inbox.EventDecoder;
import dev.fieldops.nats.inbox.EventEnvelope;
import dev.fieldops.nats.inbox.RejectedEventException;
import dev.fieldops.runtime.IncomingEvents;
import dev.fieldops.runtime.IncomingEvents.EnvelopeCheck;
import dev.fieldops.support.application.event.AlertSeverity;
import dev.fieldops.support.application.event.ReadingMetric;
import dev.fieldops.support.application.event.TelemetryAlert;
import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.ticket.AlertId;
import dev.fieldops.support.domain.ticket.DeviceId;
import dev.fieldops.telemetry.v1.AlertCleared;
import dev.fieldops.telemetry.v1.AlertEscalated;
import dev.fieldops.telemetry.v1.AlertRaised;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Telemetry's alert events ({@code telemetry.alert.*}) as {@link TelemetryAlert} facts, checked
 * like a request: envelope fields agreeing with the headers, ids support can store, a known
 * severity and metric. Event types a consumer does not ask for (acknowledgements, anything
 * telemetry adds later) decode to nothing, which the runner acknowledges and skips.
 */
final class TelemetryAlertDecoder implements EventDecoder<TelemetryAlert> {

  static final String RAISED = AlertRaised.getDescriptor().getFullName();
  static final String ESCALATED = AlertEscalated.getDescriptor().getFullName();
  static final String CLEARED = AlertCleared.getDescriptor().getFullName();

  private static final int MAX_RULE_ID = 128;

  /** Every alert event carries the FieldOps envelope, the alert as its aggregate. */
  private static final IncomingEvents EVENTS =
      IncomingEvents.checking(EnvelopeCheck.fieldOpsEnvelope("alert_id"));

  private final Set<String> types;

  /**
   * Decodes the given {@code ce-type}s among {@link #RAISED}, {@link #ESCALATED}, {@link #CLEARED}.
   */
  TelemetryAlertDecoder(Set<String> types) {
    this.types = Set.copyOf(types);
  }

  @Override
  public TelemetryAlert decode(EventEnvelope envelope) throws Exception {
    if (!types.contains(envelope.type())) {
      return null;
    }
    if (envelope.type().equals(RAISED)) {
      return raised(EVENTS.read(envelope, AlertRaised.getDefaultInstance()));
    }
    if (envelope.type().equals(ESCALATED)) {
      return escalated(EVENTS.read(envelope, AlertEscalated.getDefaultInstance()));
    }
    return cleared(EVENTS.read(envelope, AlertCleared.getDefaultInstance()));
  }

  private static TelemetryAlert raised(AlertRaised e) throws RejectedEventException {
    if (e.getRuleId().isBlank() || !Text.atMost(e.getRuleId(), MAX_RULE_ID)) {
      throw new RejectedEventException("rule_id must be 1 to " + MAX_RULE_ID + " characters");
    }
    if (!e.hasObserveTime()) {
      throw new RejectedEventException("observe_time is missing");
    }
    ReadingMetric metric =
        switch (e.getMetric()) {
          case METRIC_TEMPERATURE_CELSIUS -> ReadingMetric.TEMPERATURE_CELSIUS;
          case METRIC_HUMIDITY_PERCENT -> ReadingMetric.HUMIDITY_PERCENT;
          default -> throw new RejectedEventException("metric " + e.getMetric() + " is not known");
        };
    if (e.hasValue() && !Double.isFinite(e.getValue())) {
      throw new RejectedEventException("value must be a finite number");
    }
    return new TelemetryAlert.Raised(
        EVENTS.valid("alert_id", e.getAlertId(), AlertId::new),
        EVENTS.valid("customer_id", e.getCustomerId(), CustomerId::of),
        EVENTS.valid("device_id", e.getDeviceId(), DeviceId::new),
        e.getRuleId(),
        severity(e.getSeverity()),
        metric,
        e.hasValue() ? OptionalDouble.of(e.getValue()) : OptionalDouble.empty(),
        instant(e.getObserveTime()),
        e.getSummary(),
        instant(e.getOccurTime()));
  }

  private static TelemetryAlert escalated(AlertEscalated e) throws RejectedEventException {
    return new TelemetryAlert.Escalated(
        EVENTS.valid("alert_id", e.getAlertId(), AlertId::new),
        EVENTS.valid("customer_id", e.getCustomerId(), CustomerId::of),
        severity(e.getSeverity()),
        instant(e.getOccurTime()));
  }

  private static TelemetryAlert cleared(AlertCleared e) throws RejectedEventException {
    return new TelemetryAlert.Cleared(
        EVENTS.valid("alert_id", e.getAlertId(), AlertId::new),
        EVENTS.valid("customer_id", e.getCustomerId(), CustomerId::of),
        e.getClearReason().name().replaceFirst("^ALERT_CLEAR_REASON_", ""),
        finite(e.hasLastValue(), e.getLastValue()),
        finite(e.hasPeakValue(), e.getPeakValue()),
        instant(e.getOccurTime()));
  }

  private static AlertSeverity severity(dev.fieldops.telemetry.v1.AlertSeverity severity)
      throws RejectedEventException {
    return switch (severity) {
      case ALERT_SEVERITY_WARNING -> AlertSeverity.WARNING;
      case ALERT_SEVERITY_CRITICAL -> AlertSeverity.CRITICAL;
      default -> throw new RejectedEventException("severity " + severity + " is not known");
    };
  }

  private static OptionalDouble finite(boolean present, double value) {
    return present && Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
  }
}
