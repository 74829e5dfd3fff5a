package dev.fieldops.invoicing.archfixture.domain;

import dev.fieldops.invoicing.archfixture.adapter.postgres.JooqInvoiceRepository;

/** Violates the dependency direction: the domain using an adapter instead of its port. */
public final class DomainCallingAdapter {
  public JooqInvoiceRepository repository() {
    return new JooqInvoiceRepository();
  }
}
