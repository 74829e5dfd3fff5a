package dev.fieldops.support.application.query;

import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.support.application.shared.SupportAccess;
import dev.fieldops.support.application.shared.SupportAction;
import dev.fieldops.support.domain.customer.CustomerSupportDetails;

/**
 * Shows a support profile with its read model. A customer without a profile is not found, even if
 * it has tickets: the profile is the resource, and {@code UpdateCustomerSupportDetails} with {@code
 * allow_missing} creates it.
 */
public final class GetCustomerSupportDetailsHandler {

  /** How many recent tickets the profile shows. */
  public static final int RECENT_TICKETS = 5;

  private final CustomerSupportQueries customers;

  public GetCustomerSupportDetailsHandler(CustomerSupportQueries customers) {
    this.customers = customers;
  }

  /**
   * @throws NotFoundException {@code CUSTOMER_SUPPORT_DETAILS_NOT_FOUND} when there is no profile
   *     or it is another customer's
   */
  public CustomerSupportDetailsView handle(GetCustomerSupportDetails query) {
    var scope = SupportAccess.scopeOf(query.principal());
    boolean withNotes = SupportAccess.permits(query.principal(), SupportAction.READ_INTERNAL_NOTES);
    return customers
        .findOverview(query.customerId(), scope, RECENT_TICKETS)
        .map(overview -> CustomerSupportDetailsView.of(overview, withNotes))
        .orElseThrow(() -> CustomerSupportDetails.notFound(query.customerId()));
  }
}
