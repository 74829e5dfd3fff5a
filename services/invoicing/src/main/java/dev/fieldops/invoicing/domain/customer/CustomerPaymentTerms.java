package dev.fieldops.invoicing.domain.customer;

import java.time.Instant;
import java.util.Objects;

/**
 * The payment terms agreed with one customer, as stored: set (and replaced) by billing staff, read
 * at issue by every invoice of the customer that has no terms of its own. {@code version} counts
 * the settings (the etag), starting at 1.
 */
public record CustomerPaymentTerms(
    CustomerId customerId, PaymentTerms terms, Instant updateTime, long version) {

  public CustomerPaymentTerms {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(terms, "terms");
    Objects.requireNonNull(updateTime, "updateTime");
    if (version < 1) {
      throw new IllegalArgumentException("versions start at 1: " + version);
    }
  }
}
