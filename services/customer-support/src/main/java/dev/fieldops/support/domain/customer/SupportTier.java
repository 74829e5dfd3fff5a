package dev.fieldops.support.domain.customer;

/**
 * The support contract a customer pays for. It sets the SLA targets of the customer's tickets and
 * the price of billable support minutes. A customer without a profile is served as {@link #BASIC}.
 */
public enum SupportTier {
  BASIC,
  STANDARD,
  PREMIUM;

  /** The tier of a customer who has no support profile (yet). */
  public static SupportTier forCustomerWithoutProfile() {
    return BASIC;
  }
}
