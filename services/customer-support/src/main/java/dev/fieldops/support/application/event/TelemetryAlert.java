package dev.fieldops.support.application.event;

import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.ticket.AlertId;
import dev.fieldops.support.domain.ticket.DeviceId;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What telemetry reports about one of its alerts, as far as support cares: it was raised, it became
 * more severe, or it is over. Acknowledgements are telemetry's own business.
 */
public sealed interface TelemetryAlert {

  AlertId alertId();

  CustomerId customerId();

  /** When telemetry recorded the change. */
  Instant occurTime();

  /**
   * A rule's condition started to hold for a device.
   *
   * @param value the reading that raised it; empty for an alert about missing data
   * @param summary telemetry's one-line description of the alert, possibly empty
   */
  record Raised(
      AlertId alertId,
      CustomerId customerId,
      DeviceId deviceId,
      String ruleId,
      AlertSeverity severity,
      ReadingMetric metric,
      OptionalDouble value,
      Instant observeTime,
      String summary,
      Instant occurTime)
      implements TelemetryAlert {

    public Raised {
      Objects.requireNonNull(alertId, "alertId");
      Objects.requireNonNull(customerId, "customerId");
      Objects.requireNonNull(deviceId, "deviceId");
      Objects.requireNonNull(ruleId, "ruleId");
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(observeTime, "observeTime");
      Objects.requireNonNull(summary, "summary");
      Objects.requireNonNull(occurTime, "occurTime");
    }
  }

  /**
   * An alert became more severe ({@code severity} is the new one): its value went beyond the rule's
   * critical level, or it stayed active past the rule's escalation delay. Support treats both
   * alike.
   */
  record Escalated(
      AlertId alertId, CustomerId customerId, AlertSeverity severity, Instant occurTime)
      implements TelemetryAlert {

    public Escalated {
      Objects.requireNonNull(alertId, "alertId");
      Objects.requireNonNull(customerId, "customerId");
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(occurTime, "occurTime");
    }
  }

  /**
   * The alert's episode is over, for good.
   *
   * @param reason why it cleared, in telemetry's words ({@code CONDITION_ENDED}, ...)
   * @param lastValue the latest reading on the dangerous side; empty for missing-data alerts
   * @param peakValue the most extreme reading while it was open; empty for missing-data alerts
   */
  record Cleared(
      AlertId alertId,
      CustomerId customerId,
      String reason,
      OptionalDouble lastValue,
      OptionalDouble peakValue,
      Instant occurTime)
      implements TelemetryAlert {

    public Cleared {
      Objects.requireNonNull(alertId, "alertId");
      Objects.requireNonNull(customerId, "customerId");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(lastValue, "lastValue");
      Objects.requireNonNull(peakValue, "peakValue");
      Objects.requireNonNull(occurTime, "occurTime");
    }
  }
}
