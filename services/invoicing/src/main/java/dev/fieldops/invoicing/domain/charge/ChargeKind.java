package dev.fieldops.invoicing.domain.charge;

import dev.fieldops.invoicing.domain.money.QuantityUnit;
import java.util.Optional;

/** What a charge bills. */
public enum ChargeKind {
  /** Billable support minutes of a resolved ticket; priced per minute by the customer's tier. */
  SUPPORT_MINUTES(Optional.of(QuantityUnit.MINUTE)),
  /** Monitoring of a device for a month (or part of one); priced per device-month. */
  DEVICE_MONITORING(Optional.of(QuantityUnit.DEVICE_MONTH)),
  /** Anything else an operator records; the unit price must be given. */
  OTHER(Optional.empty());

  private final Optional<QuantityUnit> unit;

  ChargeKind(Optional<QuantityUnit> unit) {
    this.unit = unit;
  }

  /**
   * What a quantity of this kind counts when the charge does not say: the unit the price list
   * prices it in. OTHER has none: an operator's charge counts whatever the operator says.
   */
  public Optional<QuantityUnit> unit() {
    return unit;
  }
}
