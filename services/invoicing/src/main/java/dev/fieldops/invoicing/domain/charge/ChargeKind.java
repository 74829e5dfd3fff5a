package dev.fieldops.invoicing.domain.charge;

/** What a charge bills. */
public enum ChargeKind {
  /** Billable support minutes of a resolved ticket; priced per minute by the customer's tier. */
  SUPPORT_MINUTES,
  /** Monitoring of a device for a month (or part of one); priced per device-month. */
  DEVICE_MONITORING,
  /** Anything else an operator records; the unit price must be given. */
  OTHER
}
