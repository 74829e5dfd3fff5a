package dev.fieldops.invoicing.archfixture.shared;

import dev.fieldops.invoicing.archfixture.v1.GeneratedInvoiceMessage;

/** Violates the edge rule: a contract type used outside the adapters and the bootstrap. */
public final class ContractTypeOutsideAdapters {
  public GeneratedInvoiceMessage toWire() {
    return new GeneratedInvoiceMessage();
  }
}
