package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.money.Quantity;
import java.util.Objects;
import java.util.Optional;

/**
 * A line as a caller asks for it, before the invoice accepts it: the invoice checks the currency and
 * the description, assigns the line id and computes the amount.
 */
public record NewInvoiceLine(
    String description,
    Quantity quantity,
    Money unitPrice,
    TaxRate taxRate,
    Optional<SourceReference> sourceReference) {

  public NewInvoiceLine {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(unitPrice, "unitPrice");
    Objects.requireNonNull(taxRate, "taxRate");
    Objects.requireNonNull(sourceReference, "sourceReference");
  }
}
