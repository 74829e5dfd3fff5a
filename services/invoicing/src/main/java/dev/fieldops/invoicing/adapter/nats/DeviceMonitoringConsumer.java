package dev.fieldops.invoicing.adapter.nats;

import com.google.protobuf.Message;
import dev.fieldops.invoicing.application.command.DeviceMonitoringHandler;
import dev.fieldops.kernel.DomainException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.nats.inbox.ConsumerSpec;
import dev.fieldops.nats.inbox.EventDecoder;
import dev.fieldops.nats.inbox.EventHandler;
import dev.fieldops.nats.inbox.InboundEvent;
import dev.fieldops.nats.inbox.OutOfOrderPolicy;
import dev.fieldops.nats.inbox.RejectedEventException;
import dev.fieldops.telemetry.v1.DeviceDecommissioned;
import dev.fieldops.telemetry.v1.DeviceRegistered;
import java.util.Map;
import org.jooq.DSLContext;

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

  private final DeviceMonitoringHandler monitoring;
  private final Principal principal;

  public DeviceMonitoringConsumer(DeviceMonitoringHandler monitoring, Principal principal) {
    this.monitoring = monitoring;
    this.principal = principal;
  }

  /** Registrations and decommissionings are facts: applied even when overtaken. */
  public static ConsumerSpec spec() {
    return ConsumerSpec.of(STREAM, NAME, SUBJECT).withOutOfOrder(OutOfOrderPolicy.APPLY);
  }

  public static EventDecoder<Message> decoder() {
    return EventDecoder.byType(Map.of(
        DeviceRegistered.getDescriptor().getFullName(),
        EventDecoder.protobuf(DeviceRegistered.parser()::parseFrom),
        DeviceDecommissioned.getDescriptor().getFullName(),
        EventDecoder.protobuf(DeviceDecommissioned.parser()::parseFrom)));
  }

  @Override
  public void handle(DSLContext tx, InboundEvent<Message> inbound) throws RejectedEventException {
    try {
      switch (inbound.event()) {
        case DeviceRegistered registered -> monitoring.register(
            principal,
            InboundEvents.uuid(registered.getDeviceId(), "device_id"),
            InboundEvents.customer(registered.getCustomerId()),
            InboundEvents.time(registered.hasOccurTime(), registered.getOccurTime(), "occur_time"));
        case DeviceDecommissioned decommissioned -> monitoring.decommission(
            principal,
            InboundEvents.uuid(decommissioned.getDeviceId(), "device_id"),
            InboundEvents.time(
                decommissioned.hasOccurTime(), decommissioned.getOccurTime(), "occur_time"));
        default -> throw new RejectedEventException(
            "INVALID_EVENT: unexpected " + inbound.type());
      }
    } catch (DomainException e) {
      throw InboundEvents.rejected(e);
    }
  }
}
