package dev.fieldops.invoicing.adapter.nats;

import com.google.protobuf.Message;
import dev.fieldops.invoicing.application.command.DeviceMonitoringHandler;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.kernel.DomainException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.nats.inbox.AggregateOrder;
import dev.fieldops.nats.inbox.ConsumerSpec;
import dev.fieldops.nats.inbox.DeadLetterRetention;
import dev.fieldops.nats.inbox.EventDecoder;
import dev.fieldops.nats.inbox.EventHandler;
import dev.fieldops.nats.inbox.EventSubjects;
import dev.fieldops.nats.inbox.InboundEvent;
import dev.fieldops.nats.inbox.OutOfOrderPolicy;
import dev.fieldops.nats.inbox.RejectedEventException;
import dev.fieldops.runtime.IncomingEvents;
import dev.fieldops.telemetry.v1.DeviceDecommissioned;
import dev.fieldops.telemetry.v1.DeviceRegistered;
import dev.fieldops.telemetry.v1.TemperatureChanged;
import java.util.List;
import java.util.Map;

/**
 * {@code invoicing-device-monitoring}: telemetry's device registrations and decommissionings keep
 * the monitored-device read model and bill the registration month. The subject tree also carries
 * every reading-driven device event (temperature changes and the like); only the two types needed
 * are decoded, the rest are acknowledged without being parsed.
 */
public final class DeviceMonitoringConsumer implements EventHandler<Message> {

  public static final String NAME = "invoicing-device-monitoring";
  public static final String STREAM = "TELEMETRY";
  public static final String SUBJECT = "telemetry.device.>";

  /**
   * Other contexts' events are untrusted input like requests: read through the platform's checks,
   * every malformed field parked at once with a reason starting {@code INVALID_EVENT}. Invoicing
   * compares no payload field with the headers: it reads ids and versions from the payload alone.
   */
  private static final IncomingEvents EVENTS =
      IncomingEvents.checking(List.of()).withReasonPrefix("INVALID_EVENT: ");

  private final DeviceMonitoringHandler monitoring;
  private final Principal principal;

  public DeviceMonitoringConsumer(DeviceMonitoringHandler monitoring, Principal principal) {
    this.monitoring = monitoring;
    this.principal = principal;
  }

  /**
   * Every device event telemetry publishes under {@value #SUBJECT}, with its subject: an event
   * whose type does not match its subject is parked, not applied.
   */
  public static final EventSubjects DEVICE_EVENTS =
      EventSubjects.of(
          Map.of(
              DeviceRegistered.getDescriptor().getFullName(), "telemetry.device.registered",
              DeviceDecommissioned.getDescriptor().getFullName(), "telemetry.device.decommissioned",
              TemperatureChanged.getDescriptor().getFullName(),
                  "telemetry.device.temperature_changed"));

  /**
   * A device's events ({@code device}: registered, decommissioned, all on {@value #SUBJECT}) are
   * applied in publish order, whatever the number of replicas: a decommissioning is never applied
   * before its registration. Temperature changes are another aggregate ({@code device_temperature})
   * this consumer does not decode; they are skipped in arrival order, without a transaction each.
   * Events published before aggregate sequences existed are applied even when overtaken, as before.
   */
  public static ConsumerSpec spec(DeadLetterRetention deadLetters) {
    return ConsumerSpec.of(STREAM, NAME, SUBJECT, DEVICE_EVENTS)
        .withOrder(AggregateOrder.publishOrderOf("device"))
        .withOutOfOrder(OutOfOrderPolicy.APPLY)
        .withDeadLetterRetention(deadLetters);
  }

  public static EventDecoder<Message> decoder() {
    return EventDecoder.byType(
        Map.of(
            DeviceRegistered.getDescriptor().getFullName(),
            EVENTS.decoder(DeviceRegistered.getDefaultInstance()),
            DeviceDecommissioned.getDescriptor().getFullName(),
            EVENTS.decoder(DeviceDecommissioned.getDefaultInstance())));
  }

  @Override
  public void handle(InboundEvent<Message> inbound) throws RejectedEventException {
    try {
      switch (inbound.event()) {
        case DeviceRegistered registered ->
            monitoring.register(
                principal,
                EVENTS.uuid("device_id", registered.getDeviceId()),
                customer(registered.getCustomerId()),
                EVENTS.time("occur_time", registered.hasOccurTime(), registered.getOccurTime()));
        case DeviceDecommissioned decommissioned ->
            monitoring.decommission(
                principal,
                EVENTS.uuid("device_id", decommissioned.getDeviceId()),
                EVENTS.time(
                    "occur_time", decommissioned.hasOccurTime(), decommissioned.getOccurTime()));
        default -> throw EVENTS.rejected("unexpected " + inbound.type());
      }
    } catch (DomainException e) {
      throw IncomingEvents.refused(e);
    }
  }

  private static CustomerId customer(String value) throws RejectedEventException {
    return EVENTS.valid("customer_id", value, id -> CustomerId.of(id, "customer_id"));
  }
}
