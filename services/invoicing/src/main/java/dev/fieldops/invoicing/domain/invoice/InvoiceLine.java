package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.money.Quantity;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.Text;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One line of an invoice. Its {@link #amount()} is {@code quantity × unit price} rounded half-even
 * to the minor unit, once, when the line is created; tax is not computed per line (see {@link
 * InvoiceTotals}).
 *
 * @param unit what the quantity counts, as printed; none for a bare number
 * @param chargeId the unbilled charge this line bills, if it was drafted from one (then {@code id}
 *     is the charge's id too); it stays on the line when the charge is released from the invoice,
 *     as the record of what the line billed
 */
public record InvoiceLine(
    LineId id,
    String description,
    Quantity quantity,
    Optional<QuantityUnit> unit,
    Money unitPrice,
    TaxRate taxRate,
    Optional<SourceReference> sourceReference,
    Optional<UUID> chargeId,
    Money amount) {

  public static final int MAX_DESCRIPTION_LENGTH = 1000;

  public InvoiceLine {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(unitPrice, "unitPrice");
    Objects.requireNonNull(taxRate, "taxRate");
    Objects.requireNonNull(sourceReference, "sourceReference");
    Objects.requireNonNull(chargeId, "chargeId");
    Objects.requireNonNull(amount, "amount");
    if (!amount.equals(unitPrice.times(quantity, "unit_price"))) {
      throw new IllegalArgumentException(
          "line amount " + amount + " is not " + quantity + " × " + unitPrice);
    }
  }

  /**
   * Accepts a requested line into an invoice in {@code invoiceCurrency}; {@code field} names the
   * line in errors ({@code line}, {@code lines[2]}).
   */
  static InvoiceLine accept(
      LineId id, NewInvoiceLine line, CurrencyCode invoiceCurrency, String field) {
    if (line.description().isBlank() || !Text.atMost(line.description(), MAX_DESCRIPTION_LENGTH)) {
      throw InvalidInputException.of(
          "INVALID_LINE_DESCRIPTION",
          field + ".description",
          "must be 1-" + MAX_DESCRIPTION_LENGTH + " characters, not blank");
    }
    line.unitPrice().requireCurrency(invoiceCurrency, field + ".unit_price");
    if (line.unitPrice().isNegative()) {
      throw InvalidInputException.of(
          "INVALID_UNIT_PRICE", field + ".unit_price", "must not be negative");
    }
    return new InvoiceLine(
        id,
        line.description(),
        line.quantity(),
        line.unit(),
        line.unitPrice(),
        line.taxRate(),
        line.sourceReference(),
        line.chargeId(),
        line.unitPrice().times(line.quantity(), field + ".unit_price"));
  }
}
