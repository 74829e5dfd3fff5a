package dev.fieldops.invoicing.archfixture.domain;

import dev.fieldops.invoicing.archfixture.v1.GeneratedInvoiceMessage;

/** Violates domain purity: a generated contract type in the domain. */
public final class ContractTypeInDomain {
  public GeneratedInvoiceMessage toWire() {
    return new GeneratedInvoiceMessage();
  }
}
