package dev.fieldops.invoicing.domain.invoice;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.EUR;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.JPY;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.KWD;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.bps;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.draftWithLines;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.eur;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.line;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.domain.money.Money;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvoiceTotalsTest {

  @Test
  void tax_is_rounded_once_per_rate_on_the_rates_subtotal_not_per_line() {
    // Three lines of EUR 0.10 at 5 %: per line the tax would be 0.005 → 0.00 each, 0.00 in all.
    // On the rate's subtotal it is 0.30 × 5 % = 0.015 → 0.02 (half-even: 1.5 cents → 2).
    Invoice invoice =
        draftWithLines(
            anyCustomer(),
            line("1", eur("0.10"), 500),
            line("1", eur("0.10"), 500),
            line("1", eur("0.10"), 500));

    InvoiceTotals totals = invoice.totals();

    Money perLineTax =
        invoice.lines().stream()
            .map(l -> l.taxRate().taxOn(l.amount()))
            .reduce(Money.zero(EUR), (a, b) -> a.plus(b, "tax"));
    assertThat(perLineTax).isEqualTo(eur("0.00"));
    assertThat(totals.tax()).isEqualTo(eur("0.02"));
    assertThat(totals.subtotal()).isEqualTo(eur("0.30"));
    assertThat(totals.total()).isEqualTo(eur("0.32"));
  }

  @Test
  void several_rates_each_get_their_own_subtotal_and_half_even_tax() {
    Invoice invoice =
        draftWithLines(
            anyCustomer(),
            line("1", eur("10.05"), 1900), // 19 %
            line("2", eur("0.05"), 1900), // + 0.10 → 10.15 × 19 % = 1.9285 → 1.93
            line("1", eur("0.50"), 700), // 7 %: 0.50 × 7 % = 0.035 → 0.04 (tie → even 4)
            line("1", eur("0.70"), 500), // 5 %: 0.70 × 5 % = 0.035 → 0.04 (tie → even 4)
            line("3", eur("4.00"), 0)); // 0 %: 12.00, no tax

    InvoiceTotals totals = invoice.totals();

    assertThat(totals.taxBreakdown())
        .containsExactly(
            new TaxBreakdown(bps(0), eur("12.00"), eur("0.00")),
            new TaxBreakdown(bps(500), eur("0.70"), eur("0.04")),
            new TaxBreakdown(bps(700), eur("0.50"), eur("0.04")),
            new TaxBreakdown(bps(1900), eur("10.15"), eur("1.93")));
    assertThat(totals.subtotal()).isEqualTo(eur("23.35"));
    assertThat(totals.tax()).isEqualTo(eur("2.01"));
    assertThat(totals.total()).isEqualTo(eur("25.36"));
  }

  @Test
  void a_tax_exactly_half_a_cent_rounds_to_the_even_cent_both_ways() {
    // 0.50 × 5 % = 0.025 → 0.02 (down to even); 0.30 × 5 % = 0.015 → 0.02 (up to even)
    assertThat(draftWithLines(anyCustomer(), line("1", eur("0.50"), 500)).totals().tax())
        .isEqualTo(eur("0.02"));
    assertThat(draftWithLines(anyCustomer(), line("1", eur("0.30"), 500)).totals().tax())
        .isEqualTo(eur("0.02"));
  }

  @Test
  void yen_have_no_decimals_so_tax_rounds_half_even_to_whole_yen() {
    // ¥105 × 10 % = ¥10.5 → ¥10; ¥115 × 10 % = ¥11.5 → ¥12
    assertThat(draftWithLines(anyCustomer(), line("1", money(JPY, "105"), 1000)).totals().tax())
        .isEqualTo(money(JPY, "10"));
    assertThat(draftWithLines(anyCustomer(), line("1", money(JPY, "115"), 1000)).totals().tax())
        .isEqualTo(money(JPY, "12"));
    Invoice invoice =
        draftWithLines(
            anyCustomer(), line("2.5", money(JPY, "333"), 800), line("1", money(JPY, "7"), 800));
    // 2.5 × 333 = 832.5 → 832; + 7 = 839 × 8 % = 67.12 → 67
    assertThat(invoice.lines().getFirst().amount()).isEqualTo(money(JPY, "832"));
    assertThat(invoice.totals().total()).isEqualTo(money(JPY, "906"));
  }

  @Test
  void dinars_have_three_decimals_and_round_half_even_to_the_fils() {
    // KWD 0.010 × 5 % = 0.0005 → 0.000; KWD 0.030 × 5 % = 0.0015 → 0.002
    assertThat(draftWithLines(anyCustomer(), line("1", money(KWD, "0.010"), 500)).totals().tax())
        .isEqualTo(money(KWD, "0.000"));
    assertThat(draftWithLines(anyCustomer(), line("1", money(KWD, "0.030"), 500)).totals().tax())
        .isEqualTo(money(KWD, "0.002"));
    Invoice invoice = draftWithLines(anyCustomer(), line("1.5", money(KWD, "1.235"), 1500));
    // 1.5 × 1.235 = 1.8525 → 1.852; × 15 % = 0.2778 → 0.278
    assertThat(invoice.totals())
        .isEqualTo(
            new InvoiceTotals(
                money(KWD, "1.852"),
                money(KWD, "0.278"),
                money(KWD, "2.130"),
                List.of(new TaxBreakdown(bps(1500), money(KWD, "1.852"), money(KWD, "0.278")))));
  }

  @Test
  void a_draft_without_lines_adds_up_to_zero() {
    assertThat(InvoiceTotals.of(EUR, List.of())).isEqualTo(InvoiceTotals.zero(EUR));
    assertThat(InvoiceTotals.zero(EUR).total()).isEqualTo(eur("0.00"));
  }

  @Test
  void totals_that_do_not_add_up_cannot_be_constructed() {
    assertThatThrownBy(() -> new InvoiceTotals(eur("1.00"), eur("0.19"), eur("1.20"), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new InvoiceTotals(
                    eur("1.00"),
                    eur("0.19"),
                    eur("1.19"),
                    List.of(new TaxBreakdown(bps(1900), eur("1.00"), eur("0.20")))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
