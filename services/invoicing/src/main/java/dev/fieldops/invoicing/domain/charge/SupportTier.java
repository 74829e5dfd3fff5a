package dev.fieldops.invoicing.domain.charge;

/** The customer's support tier (as customer-support knows it), which sets the price of a minute. */
public enum SupportTier {
  BASIC,
  STANDARD,
  PREMIUM
}
