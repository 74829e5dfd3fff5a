package dev.fieldops.telemetry.adapter.proto;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.fieldops.telemetry.domain.alert.AlertState;
import dev.fieldops.telemetry.domain.alert.ClearCause;
import dev.fieldops.telemetry.domain.alert.EscalationCause;
import dev.fieldops.telemetry.domain.device.DeviceKind;
import dev.fieldops.telemetry.domain.device.DeviceState;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.v1.AlertClearReason;
import dev.fieldops.telemetry.v1.AlertEscalationCause;
import dev.fieldops.telemetry.v1.AlertSeverity;
import java.time.Instant;
import java.util.Optional;

/** Domain values to contract values and back; the unspecified proto values map to empty. */
public final class TelemetryProtos {

  private TelemetryProtos() {}

  public static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  public static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  public static Duration duration(java.time.Duration duration) {
    return Duration.newBuilder()
        .setSeconds(duration.getSeconds())
        .setNanos(duration.getNano())
        .build();
  }

  public static java.time.Duration duration(Duration duration) {
    return java.time.Duration.ofSeconds(duration.getSeconds(), duration.getNanos());
  }

  public static dev.fieldops.telemetry.v1.Metric metric(Metric metric) {
    return switch (metric) {
      case TEMPERATURE_CELSIUS -> dev.fieldops.telemetry.v1.Metric.METRIC_TEMPERATURE_CELSIUS;
      case HUMIDITY_PERCENT -> dev.fieldops.telemetry.v1.Metric.METRIC_HUMIDITY_PERCENT;
    };
  }

  public static Optional<Metric> metric(dev.fieldops.telemetry.v1.Metric metric) {
    return switch (metric) {
      case METRIC_TEMPERATURE_CELSIUS -> Optional.of(Metric.TEMPERATURE_CELSIUS);
      case METRIC_HUMIDITY_PERCENT -> Optional.of(Metric.HUMIDITY_PERCENT);
      case METRIC_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
    };
  }

  public static AlertSeverity severity(Severity severity) {
    return switch (severity) {
      case WARNING -> AlertSeverity.ALERT_SEVERITY_WARNING;
      case CRITICAL -> AlertSeverity.ALERT_SEVERITY_CRITICAL;
    };
  }

  public static Optional<Severity> severity(AlertSeverity severity) {
    return switch (severity) {
      case ALERT_SEVERITY_WARNING -> Optional.of(Severity.WARNING);
      case ALERT_SEVERITY_CRITICAL -> Optional.of(Severity.CRITICAL);
      case ALERT_SEVERITY_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
    };
  }

  public static dev.fieldops.telemetry.v1.DeviceKind kind(DeviceKind kind) {
    return switch (kind) {
      case COLD_ROOM -> dev.fieldops.telemetry.v1.DeviceKind.DEVICE_KIND_COLD_ROOM;
      case FREEZER -> dev.fieldops.telemetry.v1.DeviceKind.DEVICE_KIND_FREEZER;
      case FRIDGE -> dev.fieldops.telemetry.v1.DeviceKind.DEVICE_KIND_FRIDGE;
      case SERVER_ROOM -> dev.fieldops.telemetry.v1.DeviceKind.DEVICE_KIND_SERVER_ROOM;
      case OTHER -> dev.fieldops.telemetry.v1.DeviceKind.DEVICE_KIND_OTHER;
    };
  }

  public static Optional<DeviceKind> kind(dev.fieldops.telemetry.v1.DeviceKind kind) {
    return switch (kind) {
      case DEVICE_KIND_COLD_ROOM -> Optional.of(DeviceKind.COLD_ROOM);
      case DEVICE_KIND_FREEZER -> Optional.of(DeviceKind.FREEZER);
      case DEVICE_KIND_FRIDGE -> Optional.of(DeviceKind.FRIDGE);
      case DEVICE_KIND_SERVER_ROOM -> Optional.of(DeviceKind.SERVER_ROOM);
      case DEVICE_KIND_OTHER -> Optional.of(DeviceKind.OTHER);
      case DEVICE_KIND_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
    };
  }

  public static dev.fieldops.telemetry.v1.DeviceState deviceState(DeviceState state) {
    return switch (state) {
      case ACTIVE -> dev.fieldops.telemetry.v1.DeviceState.DEVICE_STATE_ACTIVE;
      case DECOMMISSIONED -> dev.fieldops.telemetry.v1.DeviceState.DEVICE_STATE_DECOMMISSIONED;
    };
  }

  public static Optional<DeviceState> deviceState(dev.fieldops.telemetry.v1.DeviceState state) {
    return switch (state) {
      case DEVICE_STATE_ACTIVE -> Optional.of(DeviceState.ACTIVE);
      case DEVICE_STATE_DECOMMISSIONED -> Optional.of(DeviceState.DECOMMISSIONED);
      case DEVICE_STATE_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
    };
  }

  public static dev.fieldops.telemetry.v1.AlertState alertState(AlertState state) {
    return switch (state) {
      case ACTIVE -> dev.fieldops.telemetry.v1.AlertState.ALERT_STATE_ACTIVE;
      case ACKNOWLEDGED -> dev.fieldops.telemetry.v1.AlertState.ALERT_STATE_ACKNOWLEDGED;
      case CLEARED -> dev.fieldops.telemetry.v1.AlertState.ALERT_STATE_CLEARED;
    };
  }

  public static Optional<AlertState> alertState(dev.fieldops.telemetry.v1.AlertState state) {
    return switch (state) {
      case ALERT_STATE_ACTIVE -> Optional.of(AlertState.ACTIVE);
      case ALERT_STATE_ACKNOWLEDGED -> Optional.of(AlertState.ACKNOWLEDGED);
      case ALERT_STATE_CLEARED -> Optional.of(AlertState.CLEARED);
      case ALERT_STATE_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
    };
  }

  public static AlertClearReason clearReason(ClearCause cause) {
    return switch (cause) {
      case CONDITION_ENDED -> AlertClearReason.ALERT_CLEAR_REASON_CONDITION_ENDED;
      case RULE_DISABLED -> AlertClearReason.ALERT_CLEAR_REASON_RULE_DISABLED;
      case RULE_DELETED -> AlertClearReason.ALERT_CLEAR_REASON_RULE_DELETED;
      case DEVICE_DECOMMISSIONED -> AlertClearReason.ALERT_CLEAR_REASON_DEVICE_DECOMMISSIONED;
    };
  }

  public static AlertEscalationCause escalationCause(EscalationCause cause) {
    return switch (cause) {
      case CRITICAL_LEVEL -> AlertEscalationCause.ALERT_ESCALATION_CAUSE_CRITICAL_LEVEL;
      case ACTIVE_TOO_LONG -> AlertEscalationCause.ALERT_ESCALATION_CAUSE_ACTIVE_TOO_LONG;
    };
  }
}
