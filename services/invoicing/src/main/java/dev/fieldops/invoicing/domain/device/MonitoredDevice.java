package dev.fieldops.invoicing.domain.device;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A device whose monitoring is billed: one charge per calendar month (UTC) it is in service for.
 * The month it was registered in is billed at registration; a later month is billed when the device
 * is still in service at that month's first instant, so a device decommissioned before a month
 * starts is not billed for it. Every started month is billed, also one in which nobody billed: the
 * billing works through the {@link #monthsToBill months not settled yet}, not only the current one.
 */
public record MonitoredDevice(
    UUID deviceId,
    CustomerId customerId,
    Instant registeredTime,
    Optional<Instant> decommissionedTime) {

  public MonitoredDevice {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(registeredTime, "registeredTime");
    Objects.requireNonNull(decommissionedTime, "decommissionedTime");
  }

  /** A newly registered device. */
  public static MonitoredDevice registered(UUID deviceId, CustomerId customerId, Instant time) {
    return new MonitoredDevice(deviceId, customerId, time, Optional.empty());
  }

  /** The calendar month (UTC) of the registration, billed at once. */
  public YearMonth registrationMonth() {
    return YearMonth.from(registeredTime.atOffset(ZoneOffset.UTC));
  }

  /**
   * Whether {@code month} is billed: the registration month, or a month at whose start the device
   * was registered and not yet decommissioned.
   */
  public boolean billableFor(YearMonth month) {
    if (month.equals(registrationMonth())) {
      return true;
    }
    Instant start = startOf(month);
    return !registeredTime.isAfter(start) && decommissionedTime.map(start::isBefore).orElse(true);
  }

  /**
   * The billable months after {@code settledThrough} (from the registration month when nothing is
   * settled yet) up to and including {@code current}, oldest first. However long the billing did
   * not run, no started month of monitoring is left out; a month before the registration or
   * starting after the decommissioning is never in it.
   */
  public List<YearMonth> monthsToBill(Optional<YearMonth> settledThrough, YearMonth current) {
    Objects.requireNonNull(settledThrough, "settledThrough");
    Objects.requireNonNull(current, "current");
    YearMonth first = settledThrough.map(m -> m.plusMonths(1)).orElse(registrationMonth());
    if (first.isBefore(registrationMonth())) {
      first = registrationMonth();
    }
    List<YearMonth> months = new ArrayList<>();
    for (YearMonth month = first; !month.isAfter(current); month = month.plusMonths(1)) {
      if (billableFor(month)) {
        months.add(month);
      }
    }
    return months;
  }

  /**
   * When the monitoring of {@code month} "happened" for the charge: the month's start, or the
   * registration when that came later. Both the registration and the monthly run compute the same
   * value, so they record identical charges and the second one is a no-op.
   */
  public Instant chargeTimeFor(YearMonth month) {
    Instant start = startOf(month);
    return registeredTime.isAfter(start) ? registeredTime : start;
  }

  /** The first instant of {@code month} in UTC. */
  public static Instant startOf(YearMonth month) {
    return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
