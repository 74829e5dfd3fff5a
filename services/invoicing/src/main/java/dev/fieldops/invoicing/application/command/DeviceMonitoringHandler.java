package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.charge.ChargeKind;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.device.MonitoredDevice;
import dev.fieldops.invoicing.domain.device.MonitoredDeviceRepository;
import dev.fieldops.invoicing.domain.device.MonitoredDeviceRepository.Unsettled;
import dev.fieldops.invoicing.domain.invoice.SourceReference;
import dev.fieldops.invoicing.domain.money.Quantity;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import dev.fieldops.kernel.CommandDecorator;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.DomainException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bills device monitoring: one DEVICE_MONITORING charge per device and calendar month (UTC) the
 * device is in service for — one {@code device-month} at the price list's monthly price. Charges
 * are unique per device and month through their source reference {@code
 * telemetry.device/<device_id>/monitoring/<yyyy-MM>}, so a repeated registration or a repeated
 * monthly run records nothing new.
 *
 * <p>Catching up. The monthly run bills every started month not settled yet, not only the current
 * one: each device remembers the last month its monitoring is settled through, and a run charges
 * the billable months after it up to the current month. A month in which invoicing never ran (an
 * outage across a month boundary) is therefore billed when invoicing comes back, exactly once.
 */
public final class DeviceMonitoringHandler {

  /** The reason of a decommissioning for a device invoicing never saw registered. */
  public static final String UNKNOWN_DEVICE = "UNKNOWN_DEVICE";

  private static final Logger LOG = LoggerFactory.getLogger(DeviceMonitoringHandler.class);
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");
  private static final int PAGE = 500;

  private final MonitoredDeviceRepository devices;
  private final CommandHandler<RecordUnbilledCharge, RecordUnbilledChargeHandler.Result>
      recordCharge;
  private final Clock clock;
  private final CommandHandler<Settle, Boolean> settle;

  /** A device's monitoring settled through a month: one command, one transaction, of its own. */
  private record Settle(UUID deviceId, YearMonth month) {}

  /**
   * @param recordCharge the decorated command that records one month's charge
   * @param decorators wrap each settling of the monthly run (its transaction); registering and
   *     decommissioning run in the caller's (an event consumer's inbox transaction)
   */
  public DeviceMonitoringHandler(
      MonitoredDeviceRepository devices,
      CommandHandler<RecordUnbilledCharge, RecordUnbilledChargeHandler.Result> recordCharge,
      Clock clock,
      CommandDecorator decorators) {
    this.devices = devices;
    this.recordCharge = recordCharge;
    this.clock = clock;
    this.settle =
        decorators.decorate(
            step -> {
              devices.settleThrough(step.deviceId(), step.month());
              return true;
            });
  }

  /** A device entered service: remember it and bill its registration month. */
  public RecordUnbilledChargeHandler.Result register(
      Principal principal, UUID deviceId, CustomerId customerId, Instant registeredTime) {
    InvoicingAccess.writeScope(principal);
    MonitoredDevice stored =
        devices.addIfAbsent(MonitoredDevice.registered(deviceId, customerId, registeredTime));
    return charge(principal, stored, stored.registrationMonth());
  }

  /**
   * A device left service: months starting after {@code time} are not billed.
   *
   * @throws NotFoundException {@value #UNKNOWN_DEVICE} when the device was never registered here
   */
  public MonitoredDevice decommission(Principal principal, UUID deviceId, Instant time) {
    InvoicingAccess.writeScope(principal);
    return devices
        .decommission(deviceId, time)
        .orElseThrow(
            () ->
                new NotFoundException(
                    UNKNOWN_DEVICE,
                    "no registered device " + deviceId + " to decommission",
                    Map.of("device_id", deviceId.toString())));
  }

  /**
   * Bills every started month of monitoring not billed yet, up to the current month (by the clock,
   * UTC): for each device not settled through the current month, each of its {@link
   * MonitoredDevice#monthsToBill months to bill}, then settles the device through the current
   * month. Returns how many charges were newly recorded. A device whose charge cannot be recorded
   * is logged and settled only up to the month before, so that the next run tries again, without
   * holding back the others.
   */
  public int chargeStartedMonths(Principal principal) {
    InvoicingAccess.writeScope(principal);
    YearMonth current = YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC));
    int recorded = 0;
    UUID after = null;
    while (true) {
      List<Unsettled> page = devices.unsettledThrough(current, after, PAGE);
      for (Unsettled unsettled : page) {
        recorded += catchUp(principal, unsettled, current);
      }
      if (page.size() < PAGE) {
        return recorded;
      }
      after = page.getLast().device().deviceId();
    }
  }

  private int catchUp(Principal principal, Unsettled unsettled, YearMonth current) {
    MonitoredDevice device = unsettled.device();
    int recorded = 0;
    for (YearMonth month : device.monthsToBill(unsettled.settledThrough(), current)) {
      try {
        if (charge(principal, device, month).newlyRecorded()) {
          recorded++;
        }
      } catch (DomainException e) {
        LOG.atWarn()
            .addKeyValue("device_id", device.deviceId())
            .addKeyValue("month", month)
            .addKeyValue("reason", e.reason())
            .log("monthly monitoring charge not recorded");
        YearMonth before = month.minusMonths(1);
        if (unsettled.settledThrough().map(before::isAfter).orElse(true)) {
          settle.handle(new Settle(device.deviceId(), before));
        }
        return recorded;
      }
    }
    settle.handle(new Settle(device.deviceId(), current));
    if (recorded > 1) {
      LOG.atInfo()
          .addKeyValue("device_id", device.deviceId())
          .addKeyValue("charges", recorded)
          .log("monitoring of months not billed before caught up");
    }
    return recorded;
  }

  /** The source reference of {@code device}'s charge for {@code month}. */
  public static String sourceReference(UUID deviceId, YearMonth month) {
    return "telemetry.device/" + deviceId + "/monitoring/" + MONTH.format(month);
  }

  private RecordUnbilledChargeHandler.Result charge(
      Principal principal, MonitoredDevice device, YearMonth month) {
    return recordCharge.handle(
        new RecordUnbilledCharge(
            principal,
            device.customerId(),
            ChargeKind.DEVICE_MONITORING,
            "Monitoring of device " + device.deviceId() + ", " + MONTH.format(month),
            Quantity.ofWhole(1),
            Optional.of(QuantityUnit.DEVICE_MONTH),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            new SourceReference(sourceReference(device.deviceId(), month)),
            device.chargeTimeFor(month)));
  }
}
