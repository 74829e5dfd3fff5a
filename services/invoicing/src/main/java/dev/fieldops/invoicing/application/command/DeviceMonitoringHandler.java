package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.application.Authorization;
import dev.fieldops.invoicing.domain.charge.ChargeKind;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.device.MonitoredDevice;
import dev.fieldops.invoicing.domain.device.MonitoredDeviceRepository;
import dev.fieldops.invoicing.domain.invoice.SourceReference;
import dev.fieldops.invoicing.domain.money.Quantity;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
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
 * device is in service for — one {@code device-month} at the price list's monthly price. Charges are unique per device and
 * month through their source reference {@code telemetry.device/<device_id>/monitoring/<yyyy-MM>},
 * so a repeated registration or a repeated monthly run records nothing new.
 */
public final class DeviceMonitoringHandler {

  /** The reason of a decommissioning for a device invoicing never saw registered. */
  public static final String UNKNOWN_DEVICE = "UNKNOWN_DEVICE";

  private static final Logger LOG = LoggerFactory.getLogger(DeviceMonitoringHandler.class);
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");
  private static final int PAGE = 500;

  private final MonitoredDeviceRepository devices;
  private final RecordUnbilledChargeHandler recordCharge;
  private final Clock clock;

  public DeviceMonitoringHandler(
      MonitoredDeviceRepository devices, RecordUnbilledChargeHandler recordCharge, Clock clock) {
    this.devices = devices;
    this.recordCharge = recordCharge;
    this.clock = clock;
  }

  /** A device entered service: remember it and bill its registration month. */
  public RecordUnbilledChargeHandler.Result register(
      Principal principal, UUID deviceId, CustomerId customerId, Instant registeredTime) {
    Authorization.writeScope(principal);
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
    Authorization.writeScope(principal);
    return devices.decommission(deviceId, time).orElseThrow(() -> new NotFoundException(
        UNKNOWN_DEVICE,
        "no registered device " + deviceId + " to decommission",
        Map.of("device_id", deviceId.toString())));
  }

  /**
   * Bills the current month (by the clock, UTC) for every device in service at its first instant;
   * returns how many charges were newly recorded. A device whose charge cannot be recorded is
   * logged and skipped so that it does not hold back the others.
   */
  public int chargeCurrentMonth(Principal principal) {
    Authorization.writeScope(principal);
    YearMonth month = YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC));
    Instant start = MonitoredDevice.startOf(month);
    int recorded = 0;
    UUID after = null;
    while (true) {
      List<MonitoredDevice> page = devices.activeAt(start, after, PAGE);
      for (MonitoredDevice device : page) {
        try {
          if (charge(principal, device, month).newlyRecorded()) {
            recorded++;
          }
        } catch (DomainException e) {
          LOG.atWarn().addKeyValue("device_id", device.deviceId()).addKeyValue("month", month)
              .addKeyValue("reason", e.reason()).log("monthly monitoring charge not recorded");
        }
      }
      if (page.size() < PAGE) {
        return recorded;
      }
      after = page.getLast().deviceId();
    }
  }

  /** The source reference of {@code device}'s charge for {@code month}. */
  public static String sourceReference(UUID deviceId, YearMonth month) {
    return "telemetry.device/" + deviceId + "/monitoring/" + MONTH.format(month);
  }

  private RecordUnbilledChargeHandler.Result charge(
      Principal principal, MonitoredDevice device, YearMonth month) {
    return recordCharge.handle(new RecordUnbilledCharge(
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
