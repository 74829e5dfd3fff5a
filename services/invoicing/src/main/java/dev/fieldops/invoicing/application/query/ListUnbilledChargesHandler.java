package dev.fieldops.invoicing.application.query;

import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.charge.ChargeRepository;
import dev.fieldops.invoicing.domain.charge.ChargeSnapshot;
import dev.fieldops.kernel.paging.Page;

/** Handles {@link ListUnbilledCharges}; a customer sees only its own charges. */
public final class ListUnbilledChargesHandler {

  private final ChargeRepository charges;

  public ListUnbilledChargesHandler(ChargeRepository charges) {
    this.charges = charges;
  }

  public Page<ChargeSnapshot> handle(ListUnbilledCharges query) {
    var scope = InvoicingAccess.readScope(query.principal());
    return charges.listUnbilled(query.filter(), scope, query.page());
  }
}
