package dev.fieldops.invoicing.domain.invoice;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.MONDAY_MORNING;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyLineId;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyPaymentId;
import static dev.fieldops.invoicing.testing.Stamps.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.money.Quantity;
import dev.fieldops.kernel.RuleViolationException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Properties of invoice arithmetic over random invoices in currencies with 0, 2 and 3 decimals. The
 * expected figures come from an independent oracle in whole-number arithmetic (BigInteger with its
 * own half-even division), not from the production code's BigDecimal path.
 */
class InvoiceTotalsPropertyTest {

  private static final List<CurrencyCode> CURRENCIES =
      List.of("JPY", "KRW", "EUR", "USD", "KWD", "BHD", "JOD").stream()
          .map(CurrencyCode::of)
          .toList();

  record LineSpec(long quantityThousandths, long unitPriceMinor, int basisPoints) {}

  private static Gen<CurrencyCode> currencies() {
    return Generate.pick(CURRENCIES);
  }

  private static Gen<LineSpec> lineSpecs() {
    Gen<Long> quantities =
        Generate.frequency(
            org.quicktheories.api.Pair.of(3, Generate.longRange(1, 100).map(units -> units * 1000)),
            org.quicktheories.api.Pair.of(2, Generate.longRange(1, 100_000)));
    // 40 lines of at most 100 units × 100,000 minor units, plus tax of at most 100 %, stay within
    // Money.MAX_MINOR_UNITS (10^9), the largest invoice total.
    Gen<Long> prices = Generate.longRange(0, 100_000);
    Gen<Integer> rates =
        Generate.frequency(
            org.quicktheories.api.Pair.of(
                3, Generate.pick(List.of(0, 500, 700, 1000, 1900, 2000, 2500, 10_000))),
            org.quicktheories.api.Pair.of(1, Generate.range(0, 10_000)));
    return quantities.zip(prices, rates, LineSpec::new);
  }

  @Test
  void totals_are_the_sum_of_half_even_line_amounts_plus_half_even_tax_per_rate() {
    qt().withExamples(400)
        .forAll(currencies(), lists().of(lineSpecs()).ofSizeBetween(0, 40))
        .checkAssert(
            (currency, specs) -> {
              Invoice invoice = draftOf(currency, specs);
              InvoiceTotals totals = invoice.totals();

              Map<Integer, BigInteger> taxableByRate = new TreeMap<>();
              BigInteger subtotal = BigInteger.ZERO;
              for (int i = 0; i < specs.size(); i++) {
                LineSpec spec = specs.get(i);
                BigInteger amount =
                    halfEven(
                        BigInteger.valueOf(spec.quantityThousandths())
                            .multiply(BigInteger.valueOf(spec.unitPriceMinor())),
                        BigInteger.valueOf(1000));
                assertThat(invoice.lines().get(i).amount().minorUnits())
                    .isEqualTo(amount.longValueExact());
                subtotal = subtotal.add(amount);
                taxableByRate.merge(spec.basisPoints(), amount, BigInteger::add);
              }
              BigInteger tax = BigInteger.ZERO;
              for (var rate : taxableByRate.entrySet()) {
                tax =
                    tax.add(
                        halfEven(
                            rate.getValue().multiply(BigInteger.valueOf(rate.getKey())),
                            BigInteger.valueOf(10_000)));
              }

              assertThat(totals.subtotal().minorUnits()).isEqualTo(subtotal.longValueExact());
              assertThat(totals.tax().minorUnits()).isEqualTo(tax.longValueExact());
              assertThat(totals.total()).isEqualTo(totals.subtotal().plus(totals.tax(), "total"));
              assertThat(totals.taxBreakdown())
                  .extracting(b -> b.rate().basisPoints())
                  .containsExactlyElementsOf(taxableByRate.keySet());
              for (Money amount : allAmounts(invoice)) {
                assertIsExactInMinorUnits(amount, currency);
              }
            });
  }

  @Test
  void paying_the_total_in_any_split_settles_the_invoice_and_one_minor_unit_more_is_refused() {
    qt().withExamples(200)
        .forAll(
            currencies(),
            lists().of(lineSpecs()).ofSizeBetween(1, 10),
            lists().of(Generate.range(1, 100)).ofSizeBetween(1, 6))
        .checkAssert(
            (currency, specs, weights) -> {
              Invoice invoice = draftOf(currency, specs);
              invoice.issue(
                  InvoiceFixtures.countingSeries(), PaymentTerms.DEFAULT, at(MONDAY_MORNING));
              long total = invoice.totals().total().minorUnits();
              if (total == 0) {
                assertThat(invoice.status()).isEqualTo(InvoiceStatus.PAID);
                return;
              }
              List<Long> parts = split(total, weights);
              for (int i = 0; i < parts.size(); i++) {
                if (i == parts.size() - 1) {
                  Money oneMore = Money.ofMinor(currency, parts.get(i) + 1);
                  assertThatThrownBy(
                          () ->
                              invoice.recordPayment(
                                  anyPaymentId(),
                                  oneMore,
                                  new PaymentReference("over"),
                                  at(MONDAY_MORNING)))
                      .isInstanceOfSatisfying(
                          RuleViolationException.class,
                          e -> assertThat(e.reason()).isEqualTo("OVERPAYMENT"));
                }
                invoice.recordPayment(
                    anyPaymentId(),
                    Money.ofMinor(currency, parts.get(i)),
                    new PaymentReference("tx-" + i),
                    at(MONDAY_MORNING));
              }
              assertThat(invoice.status()).isEqualTo(InvoiceStatus.PAID);
              assertThat(invoice.amountPaid()).isEqualTo(invoice.totals().total());
              assertThat(invoice.amountDue().isZero()).isTrue();
            });
  }

  @Test
  void every_amount_converts_to_units_and_nanos_and_back_without_loss() {
    qt().withExamples(1000)
        .forAll(currencies(), Generate.longRange(-Money.MAX_MINOR_UNITS, Money.MAX_MINOR_UNITS))
        .checkAssert(
            (currency, minor) ->
                assertIsExactInMinorUnits(Money.ofMinor(currency, minor), currency));
  }

  private static Invoice draftOf(CurrencyCode currency, List<LineSpec> specs) {
    Invoice invoice = InvoiceFixtures.draftFor(anyCustomer(), currency);
    for (LineSpec spec : specs) {
      invoice.addLine(
          anyLineId(),
          new NewInvoiceLine(
              "Generated line",
              new Quantity(spec.quantityThousandths()),
              Money.ofMinor(currency, spec.unitPriceMinor()),
              new TaxRate(spec.basisPoints()),
              Optional.empty()),
          "line",
          MONDAY_MORNING);
    }
    return invoice;
  }

  /** Whole minor units, and exactly representable as google.type.Money. */
  private static void assertIsExactInMinorUnits(Money amount, CurrencyCode currency) {
    assertThat(amount.currency()).isEqualTo(currency);
    assertThat(amount.toDecimal().scale()).isEqualTo(currency.minorUnitDigits());
    assertThat(
            amount
                .toDecimal()
                .movePointRight(currency.minorUnitDigits())
                .stripTrailingZeros()
                .scale())
        .isLessThanOrEqualTo(0);
    assertThat(Money.ofUnitsAndNanos(currency, amount.units(), amount.nanos(), "amount"))
        .isEqualTo(amount);
  }

  private static List<Money> allAmounts(Invoice invoice) {
    List<Money> amounts = new ArrayList<>();
    InvoiceTotals totals = invoice.totals();
    amounts.add(totals.subtotal());
    amounts.add(totals.tax());
    amounts.add(totals.total());
    totals
        .taxBreakdown()
        .forEach(
            b -> {
              amounts.add(b.taxableAmount());
              amounts.add(b.tax());
            });
    invoice
        .lines()
        .forEach(
            l -> {
              amounts.add(l.amount());
              amounts.add(l.unitPrice());
            });
    return amounts;
  }

  /** {@code n / d} for n ≥ 0, d > 0, ties to the even neighbour. */
  private static BigInteger halfEven(BigInteger n, BigInteger d) {
    BigInteger[] qr = n.divideAndRemainder(d);
    int twiceRemainderVsDivisor = qr[1].shiftLeft(1).compareTo(d);
    if (twiceRemainderVsDivisor > 0 || (twiceRemainderVsDivisor == 0 && qr[0].testBit(0))) {
      return qr[0].add(BigInteger.ONE);
    }
    return qr[0];
  }

  /** {@code total} split by {@code weights} into positive parts that add up to it exactly. */
  private static List<Long> split(long total, List<Integer> weights) {
    long weightSum = weights.stream().mapToLong(Integer::longValue).sum();
    List<Long> parts = new ArrayList<>();
    long assigned = 0;
    for (int i = 0; i < weights.size() - 1; i++) {
      long part =
          BigInteger.valueOf(total)
              .multiply(BigInteger.valueOf(weights.get(i)))
              .divide(BigInteger.valueOf(weightSum))
              .longValueExact();
      if (part > 0) {
        parts.add(part);
        assigned += part;
      }
    }
    parts.add(total - assigned);
    return parts;
  }
}
