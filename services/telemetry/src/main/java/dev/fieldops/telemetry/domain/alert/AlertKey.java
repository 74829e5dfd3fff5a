package dev.fieldops.telemetry.domain.alert;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;

/** At most one open alert exists per key. */
public record AlertKey(DeviceId deviceId, AlertRuleId ruleId) {}
