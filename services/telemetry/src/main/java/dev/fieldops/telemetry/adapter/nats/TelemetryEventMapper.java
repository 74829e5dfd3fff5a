package dev.fieldops.telemetry.adapter.nats;

import static dev.fieldops.grpc.ProtoTimes.timestamp;
import static dev.fieldops.telemetry.adapter.proto.TelemetryProtos.clearReason;
import static dev.fieldops.telemetry.adapter.proto.TelemetryProtos.escalationCause;
import static dev.fieldops.telemetry.adapter.proto.TelemetryProtos.kind;
import static dev.fieldops.telemetry.adapter.proto.TelemetryProtos.metric;
import static dev.fieldops.telemetry.adapter.proto.TelemetryProtos.severity;

import com.google.protobuf.Message;
import dev.fieldops.nats.outbox.OutboxEncoder;
import dev.fieldops.nats.outbox.OutboxEvent;
import dev.fieldops.telemetry.domain.alert.AlertAcknowledged;
import dev.fieldops.telemetry.domain.alert.AlertCleared;
import dev.fieldops.telemetry.domain.alert.AlertEscalated;
import dev.fieldops.telemetry.domain.alert.AlertEvent;
import dev.fieldops.telemetry.domain.alert.AlertRaised;
import dev.fieldops.telemetry.domain.device.DeviceDecommissioned;
import dev.fieldops.telemetry.domain.device.DeviceEvent;
import dev.fieldops.telemetry.domain.device.DeviceRegistered;
import dev.fieldops.telemetry.domain.device.TemperatureChanged;
import dev.fieldops.telemetry.domain.rule.ConditionKind;
import dev.fieldops.telemetry.domain.shared.DomainEvent;

/**
 * Translates the telemetry context's domain events into outbox rows: the event message of {@code
 * telemetry_events.proto}, its subject, and the ordering partition (aggregate type and id, version)
 * of the domain event. Every field of a message comes from the event it publishes.
 */
public final class TelemetryEventMapper implements OutboxEncoder<DomainEvent> {

  public static final String DEVICE_REGISTERED = "telemetry.device.registered";
  public static final String DEVICE_DECOMMISSIONED = "telemetry.device.decommissioned";
  public static final String TEMPERATURE_CHANGED = "telemetry.device.temperature_changed";
  public static final String ALERT_RAISED = "telemetry.alert.raised";
  public static final String ALERT_ESCALATED = "telemetry.alert.escalated";
  public static final String ALERT_ACKNOWLEDGED = "telemetry.alert.acknowledged";
  public static final String ALERT_CLEARED = "telemetry.alert.cleared";

  @Override
  public OutboxEvent encode(DomainEvent event) {
    return switch (event) {
      case DeviceEvent device -> deviceEvent(device);
      case AlertEvent alert -> alertEvent(alert);
      default -> throw new IllegalArgumentException("no message for " + event.getClass().getName());
    };
  }

  /** A device's lifecycle event or temperature report. */
  private OutboxEvent deviceEvent(DeviceEvent event) {
    return switch (event) {
      case DeviceRegistered registered ->
          outbox(
              registered,
              DEVICE_REGISTERED,
              dev.fieldops.telemetry.v1.DeviceRegistered.newBuilder()
                  .setEventId(registered.eventId().toString())
                  .setOccurTime(timestamp(registered.occurTime()))
                  .setAggregateVersion(registered.aggregateVersion())
                  .setCustomerId(registered.customerId().value())
                  .setDeviceId(registered.deviceId().toString())
                  .setDisplayName(registered.displayName())
                  .setKind(kind(registered.kind()))
                  .setLocation(registered.location())
                  .build());
      case DeviceDecommissioned decommissioned ->
          outbox(
              decommissioned,
              DEVICE_DECOMMISSIONED,
              dev.fieldops.telemetry.v1.DeviceDecommissioned.newBuilder()
                  .setEventId(decommissioned.eventId().toString())
                  .setOccurTime(timestamp(decommissioned.occurTime()))
                  .setAggregateVersion(decommissioned.aggregateVersion())
                  .setCustomerId(decommissioned.customerId().value())
                  .setDeviceId(decommissioned.deviceId().toString())
                  .build());
      case TemperatureChanged changed -> {
        var message =
            dev.fieldops.telemetry.v1.TemperatureChanged.newBuilder()
                .setEventId(changed.eventId().toString())
                .setOccurTime(timestamp(changed.occurTime()))
                .setAggregateVersion(changed.aggregateVersion())
                .setCustomerId(changed.customerId().value())
                .setDeviceId(changed.deviceId().toString())
                .setTemperatureCelsius(changed.valueCelsius())
                .setObserveTime(timestamp(changed.observeTime()))
                .setDeadbandCelsius(changed.deadbandCelsius());
        changed.previousValue().ifPresent(message::setPreviousTemperatureCelsius);
        yield outbox(changed, TEMPERATURE_CHANGED, message.build());
      }
    };
  }

  /** An alert transition. */
  private OutboxEvent alertEvent(AlertEvent event) {
    return switch (event) {
      case AlertRaised raised -> {
        var message =
            dev.fieldops.telemetry.v1.AlertRaised.newBuilder()
                .setEventId(raised.eventId().toString())
                .setOccurTime(timestamp(raised.occurTime()))
                .setAggregateVersion(raised.aggregateVersion())
                .setCustomerId(raised.customerId().value())
                .setAlertId(raised.alertId().toString())
                .setDeviceId(raised.deviceId().toString())
                .setRuleId(raised.ruleId().toString())
                .setSeverity(severity(raised.severity()))
                .setMetric(metric(raised.metric()))
                .setObserveTime(timestamp(raised.observeTime()))
                .setSummary(raised.summary());
        if (measured(raised.conditionKind())) {
          message.setValue(raised.value());
        }
        yield outbox(raised, ALERT_RAISED, message.build());
      }
      case AlertEscalated escalated ->
          outbox(
              escalated,
              ALERT_ESCALATED,
              dev.fieldops.telemetry.v1.AlertEscalated.newBuilder()
                  .setEventId(escalated.eventId().toString())
                  .setOccurTime(timestamp(escalated.occurTime()))
                  .setAggregateVersion(escalated.aggregateVersion())
                  .setCustomerId(escalated.customerId().value())
                  .setAlertId(escalated.alertId().toString())
                  .setDeviceId(escalated.deviceId().toString())
                  .setRuleId(escalated.ruleId().toString())
                  .setSeverity(severity(escalated.severity()))
                  .setPreviousSeverity(severity(escalated.previousSeverity()))
                  .setSummary(escalated.summary())
                  .setCause(escalationCause(escalated.cause()))
                  .build());
      case AlertAcknowledged acknowledged ->
          outbox(
              acknowledged,
              ALERT_ACKNOWLEDGED,
              dev.fieldops.telemetry.v1.AlertAcknowledged.newBuilder()
                  .setEventId(acknowledged.eventId().toString())
                  .setOccurTime(timestamp(acknowledged.occurTime()))
                  .setAggregateVersion(acknowledged.aggregateVersion())
                  .setCustomerId(acknowledged.customerId().value())
                  .setAlertId(acknowledged.alertId().toString())
                  .setDeviceId(acknowledged.deviceId().toString())
                  .setRuleId(acknowledged.ruleId().toString())
                  .setAcknowledgedBy(acknowledged.acknowledgedBy())
                  .setNote(acknowledged.note())
                  .build());
      case AlertCleared cleared -> {
        var message =
            dev.fieldops.telemetry.v1.AlertCleared.newBuilder()
                .setEventId(cleared.eventId().toString())
                .setOccurTime(timestamp(cleared.occurTime()))
                .setAggregateVersion(cleared.aggregateVersion())
                .setCustomerId(cleared.customerId().value())
                .setAlertId(cleared.alertId().toString())
                .setDeviceId(cleared.deviceId().toString())
                .setRuleId(cleared.ruleId().toString())
                .setSeverity(severity(cleared.severity()))
                .setClearReason(clearReason(cleared.cause()))
                .setAcknowledged(cleared.acknowledged())
                .setRaiseTime(timestamp(cleared.firstBreachTime()));
        if (measured(cleared.conditionKind())) {
          message.setPeakValue(cleared.peakValue()).setLastValue(cleared.lastValue());
        }
        yield outbox(cleared, ALERT_CLEARED, message.build());
      }
    };
  }

  /** A NO_DATA alert has no reading behind it: its messages leave the values unset. */
  private static boolean measured(ConditionKind kind) {
    return kind != ConditionKind.NO_DATA;
  }

  private OutboxEvent outbox(DomainEvent event, String subject, Message message) {
    return OutboxEvent.protobuf(
        event.eventId(),
        event.aggregateType(),
        event.aggregateId(),
        event.aggregateVersion(),
        subject,
        message.getDescriptorForType().getFullName(),
        message.toByteArray(),
        event.occurTime());
  }
}
