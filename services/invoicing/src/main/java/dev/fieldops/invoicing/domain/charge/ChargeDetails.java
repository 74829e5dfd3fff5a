package dev.fieldops.invoicing.domain.charge;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.invoice.SourceReference;
import dev.fieldops.invoicing.domain.invoice.TaxRate;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.money.Quantity;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.Text;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The facts of a charge, as its source reports them: whom to bill, for what, how much of it at
 * which price, and when it happened. Two recordings with the same source reference are the same
 * charge exactly when their details are equal.
 *
 * @param unit what the quantity counts; the invoice line drafted from the charge prints it
 * @param occurTime when the billable thing happened (the ticket was resolved, the month ended)
 */
public record ChargeDetails(
    CustomerId customerId,
    ChargeKind kind,
    String description,
    Quantity quantity,
    Optional<QuantityUnit> unit,
    Money unitPrice,
    TaxRate taxRate,
    SourceReference sourceReference,
    Instant occurTime) {

  public static final int MAX_DESCRIPTION_LENGTH = 1000;

  public ChargeDetails {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(unitPrice, "unitPrice");
    Objects.requireNonNull(taxRate, "taxRate");
    Objects.requireNonNull(sourceReference, "sourceReference");
    Objects.requireNonNull(occurTime, "occurTime");
    if (description.isBlank() || !Text.atMost(description, MAX_DESCRIPTION_LENGTH)) {
      throw InvalidInputException.of(
          "INVALID_CHARGE_DESCRIPTION",
          "description",
          "must be 1-" + MAX_DESCRIPTION_LENGTH + " characters, not blank");
    }
    if (unitPrice.isNegative()) {
      throw InvalidInputException.of("INVALID_UNIT_PRICE", "unit_price", "must not be negative");
    }
  }

  /** {@code quantity × unit price}, rounded half-even, exactly as the invoice line will have it. */
  public Money amount() {
    return unitPrice.times(quantity, "unit_price");
  }
}
