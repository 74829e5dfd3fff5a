package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.kernel.InvalidInputException;
import java.math.BigDecimal;

/** A tax rate in basis points: 0 to 10 000 (0 % to 100 %); 1 900 is 19 %, 750 is 7.5 %. */
public record TaxRate(int basisPoints) implements Comparable<TaxRate> {

  public static final int MAX_BASIS_POINTS = 10_000;

  public static final TaxRate ZERO = new TaxRate(0);

  public TaxRate {
    if (basisPoints < 0 || basisPoints > MAX_BASIS_POINTS) {
      throw new IllegalArgumentException("tax rate out of range: " + basisPoints + " bps");
    }
  }

  /** A rate from input, naming {@code field} when it is out of range. */
  public static TaxRate ofBasisPoints(int basisPoints, String field) {
    if (basisPoints < 0 || basisPoints > MAX_BASIS_POINTS) {
      throw InvalidInputException.of(
          "INVALID_TAX_RATE", field, "must be between 0 and 10000 basis points");
    }
    return new TaxRate(basisPoints);
  }

  public static TaxRate ofBasisPoints(int basisPoints) {
    return ofBasisPoints(basisPoints, "tax_rate");
  }

  /**
   * The tax on a taxable amount, rounded half-even to the minor unit. Applied to the invoice's
   * subtotal for this rate, never line by line (see {@link InvoiceTotals}).
   */
  public Money taxOn(Money taxable) {
    return taxable.timesFraction(basisPoints, MAX_BASIS_POINTS);
  }

  @Override
  public int compareTo(TaxRate other) {
    return Integer.compare(basisPoints, other.basisPoints);
  }

  /** {@code 19%}, {@code 7.5%}. */
  @Override
  public String toString() {
    return BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString() + "%";
  }
}
