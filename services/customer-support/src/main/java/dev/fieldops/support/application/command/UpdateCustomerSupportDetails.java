package dev.fieldops.support.application.command;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.Principal;
import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsField;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsValues;
import java.util.Objects;
import java.util.Set;

/**
 * Change the masked fields of a customer's support profile, creating it when {@code allowMissing}.
 *
 * @param fields the fields to change (from the update mask); the other values are ignored
 * @param expectedVersion the version the caller's etag names; any version when it sent no etag
 */
public record UpdateCustomerSupportDetails(
    Principal principal,
    CustomerId customerId,
    CustomerSupportDetailsValues values,
    Set<CustomerSupportDetailsField> fields,
    boolean allowMissing,
    ExpectedVersion expectedVersion) {

  public UpdateCustomerSupportDetails {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(values, "values");
    fields = Set.copyOf(fields);
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }
}
