package dev.fieldops.telemetry.domain.alert;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.shared.DomainEvent;

/** Transitions of an alert (aggregate type {@code alert}); silent updates raise none. */
public sealed interface AlertEvent extends DomainEvent
    permits AlertRaised, AlertEscalated, AlertAcknowledged, AlertCleared {

  AlertId alertId();

  DeviceId deviceId();

  AlertRuleId ruleId();

  @Override
  default String aggregateType() {
    return "alert";
  }

  @Override
  default String aggregateId() {
    return alertId().toString();
  }
}
