package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.money.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an invoice adds up to. The rules, in order:
 *
 * <ol>
 *   <li>each line amount is {@code quantity × unit price}, rounded half-even to the minor unit;
 *   <li>lines are grouped by tax rate; each rate's tax is computed on the <em>sum</em> of its line
 *       amounts and rounded half-even once — never per line, which would let rounding errors add up
 *       with the number of lines;
 *   <li>{@code subtotal = Σ line amounts}, {@code tax = Σ per-rate taxes}, {@code total = subtotal
 *       + tax}.
 * </ol>
 *
 * <p>The constructor re-checks these sums, so totals read back from storage cannot be inconsistent.
 */
public record InvoiceTotals(
    Money subtotal, Money tax, Money total, List<TaxBreakdown> taxBreakdown) {

  public InvoiceTotals {
    Objects.requireNonNull(subtotal, "subtotal");
    Objects.requireNonNull(tax, "tax");
    Objects.requireNonNull(total, "total");
    taxBreakdown = List.copyOf(taxBreakdown);
    if (!subtotal.plus(tax, "tax").equals(total)) {
      throw new IllegalArgumentException(
          "total " + total + " is not subtotal " + subtotal + " + tax " + tax);
    }
    Money taxable = Money.zero(subtotal.currency());
    Money taxes = Money.zero(subtotal.currency());
    TaxRate previous = null;
    for (TaxBreakdown rate : taxBreakdown) {
      if (previous != null && previous.compareTo(rate.rate()) >= 0) {
        throw new IllegalArgumentException("tax breakdown must list each rate once, ascending");
      }
      previous = rate.rate();
      taxable = taxable.plus(rate.taxableAmount(), "tax_breakdown");
      taxes = taxes.plus(rate.tax(), "tax_breakdown");
    }
    if (!taxable.equals(subtotal) || !taxes.equals(tax)) {
      throw new IllegalArgumentException("tax breakdown does not add up to subtotal and tax");
    }
  }

  /** All zero, no rates: an invoice without lines. */
  public static InvoiceTotals zero(CurrencyCode currency) {
    Money zero = Money.zero(currency);
    return new InvoiceTotals(zero, zero, zero, List.of());
  }

  /** Computes the totals of {@code lines}, all in {@code currency}. */
  public static InvoiceTotals of(CurrencyCode currency, List<InvoiceLine> lines) {
    Map<TaxRate, Money> taxableByRate = new TreeMap<>();
    Money subtotal = Money.zero(currency);
    for (InvoiceLine line : lines) {
      subtotal = subtotal.plus(line.amount(), "lines");
      taxableByRate.merge(line.taxRate(), line.amount(), (a, b) -> a.plus(b, "lines"));
    }
    List<TaxBreakdown> breakdown = new ArrayList<>();
    Money tax = Money.zero(currency);
    for (var entry : taxableByRate.entrySet()) {
      Money rateTax = entry.getKey().taxOn(entry.getValue());
      breakdown.add(new TaxBreakdown(entry.getKey(), entry.getValue(), rateTax));
      tax = tax.plus(rateTax, "lines");
    }
    return new InvoiceTotals(subtotal, tax, subtotal.plus(tax, "lines"), breakdown);
  }

  public CurrencyCode currency() {
    return total.currency();
  }
}
