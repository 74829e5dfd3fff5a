package dev.fieldops.invoicing.application.query;

import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.invoice.CustomerBalance;
import dev.fieldops.invoicing.domain.invoice.InvoiceQueries;
import dev.fieldops.kernel.NotFoundException;
import java.time.Clock;

/**
 * Handles {@link GetCustomerBalance}, as of the clock's now. Another customer's balance is {@code
 * CUSTOMER_NOT_FOUND} for a customer caller; staff get an empty balance for a customer with nothing
 * outstanding (invoicing does not know which customers exist).
 */
public final class GetCustomerBalanceHandler {

  private final InvoiceQueries queries;
  private final Clock clock;

  public GetCustomerBalanceHandler(InvoiceQueries queries, Clock clock) {
    this.queries = queries;
    this.clock = clock;
  }

  public CustomerBalance handle(GetCustomerBalance query) {
    var scope = InvoicingAccess.readScope(query.principal());
    if (!scope.permits(query.customerId())) {
      throw NotFoundException.of("customer", query.customerId().value());
    }
    return queries.balanceOf(query.customerId(), clock.instant());
  }
}
