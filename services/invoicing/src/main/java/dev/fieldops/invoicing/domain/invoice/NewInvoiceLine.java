package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.money.Quantity;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A line as a caller asks for it, before the invoice accepts it: the invoice checks the currency
 * and the description, assigns the line id and computes the amount.
 *
 * @param unit what the quantity counts, printed next to it; none for a bare number
 * @param chargeId the unbilled charge the line bills, when it is drafted from one (the charge's
 *     UUID: the invoice refers to the charge aggregate by identity only); empty for a line typed by
 *     hand
 */
public record NewInvoiceLine(
    String description,
    Quantity quantity,
    Optional<QuantityUnit> unit,
    Money unitPrice,
    TaxRate taxRate,
    Optional<SourceReference> sourceReference,
    Optional<UUID> chargeId) {

  public NewInvoiceLine {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(unitPrice, "unitPrice");
    Objects.requireNonNull(taxRate, "taxRate");
    Objects.requireNonNull(sourceReference, "sourceReference");
    Objects.requireNonNull(chargeId, "chargeId");
  }

  /** A line typed by hand, without a unit. */
  public NewInvoiceLine(
      String description,
      Quantity quantity,
      Money unitPrice,
      TaxRate taxRate,
      Optional<SourceReference> sourceReference) {
    this(
        description,
        quantity,
        Optional.empty(),
        unitPrice,
        taxRate,
        sourceReference,
        Optional.empty());
  }
}
