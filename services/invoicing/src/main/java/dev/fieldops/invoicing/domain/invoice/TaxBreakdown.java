package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.invoicing.domain.money.Money;
import java.util.Objects;

/** The tax of one rate on an invoice: the subtotal of the lines at that rate and its tax. */
public record TaxBreakdown(TaxRate rate, Money taxableAmount, Money tax) {

  public TaxBreakdown {
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(taxableAmount, "taxableAmount");
    Objects.requireNonNull(tax, "tax");
    taxableAmount.requireSameCurrency(tax, "tax");
  }
}
