package dev.fieldops.invoicing.domain.invoice;

import static dev.fieldops.invoicing.testing.Stamps.at;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.money.Quantity;
import dev.fieldops.invoicing.domain.numbering.InvoiceNumber;
import dev.fieldops.invoicing.domain.numbering.InvoiceNumberSeries;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Invoices and their parts, in the words of billing: "a draft for a customer", "an issued invoice
 * of EUR 100".
 */
public final class InvoiceFixtures {

  public static final CurrencyCode EUR = CurrencyCode.of("EUR");
  public static final CurrencyCode USD = CurrencyCode.of("USD");
  public static final CurrencyCode JPY = CurrencyCode.of("JPY");
  public static final CurrencyCode KWD = CurrencyCode.of("KWD");

  /** A Monday morning in March 2026; times are whole microseconds, as PostgreSQL keeps them. */
  public static final Instant MONDAY_MORNING = Instant.parse("2026-03-02T09:00:00Z");

  private InvoiceFixtures() {}

  public static CustomerId anyCustomer() {
    return new CustomerId("cust-" + UUID.randomUUID().toString().substring(0, 8));
  }

  public static InvoiceId anyInvoiceId() {
    return new InvoiceId(UUID.randomUUID());
  }

  public static LineId anyLineId() {
    return new LineId(UUID.randomUUID());
  }

  public static PaymentId anyPaymentId() {
    return new PaymentId(UUID.randomUUID());
  }

  /** {@code eur("12.34")} is EUR 12.34. */
  public static Money eur(String amount) {
    return money(EUR, amount);
  }

  public static Money money(CurrencyCode currency, String amount) {
    return Money.ofDecimal(currency, new BigDecimal(amount), "amount");
  }

  public static Quantity quantity(String decimal) {
    return Quantity.parse(decimal, "quantity");
  }

  public static TaxRate bps(int basisPoints) {
    return new TaxRate(basisPoints);
  }

  /** A line of {@code quantity × unitPrice} at {@code basisPoints} tax. */
  public static NewInvoiceLine line(String quantity, Money unitPrice, int basisPoints) {
    return new NewInvoiceLine(
        "Support work", quantity(quantity), unitPrice, bps(basisPoints), Optional.empty());
  }

  /** One unit at {@code price}, untaxed. */
  public static NewInvoiceLine lineOf(Money price) {
    return line("1", price, 0);
  }

  public static PaymentReference reference(String value) {
    return new PaymentReference(value);
  }

  /** An empty EUR draft for {@code customer}, created on Monday morning. */
  public static Invoice draftFor(CustomerId customer) {
    return draftFor(customer, EUR);
  }

  public static Invoice draftFor(CustomerId customer, CurrencyCode currency) {
    return Invoice.createDraft(
        anyInvoiceId(), customer, currency, Optional.empty(), MONDAY_MORNING);
  }

  /** A draft with {@code lines}, all in the lines' currency (EUR if none). */
  public static Invoice draftWithLines(CustomerId customer, NewInvoiceLine... lines) {
    CurrencyCode currency = lines.length == 0 ? EUR : lines[0].unitPrice().currency();
    Invoice draft = draftFor(customer, currency);
    for (NewInvoiceLine line : lines) {
      draft.addLine(anyLineId(), line, "line", MONDAY_MORNING);
    }
    return draft;
  }

  /**
   * An invoice issued on Monday morning, net 30, whose total is {@code total} (one untaxed line),
   * numbered from a series of its own; its events are already pulled.
   */
  public static Invoice issuedInvoiceOf(CustomerId customer, Money total) {
    Invoice invoice = draftWithLines(customer, lineOf(total));
    invoice.issue(countingSeries(), PaymentTerms.DEFAULT, at(MONDAY_MORNING));
    invoice.pullEvents();
    return invoice;
  }

  /** A number series that is not transactional: for domain tests that only need some number. */
  public static InvoiceNumberSeries countingSeries() {
    AtomicLong last = new AtomicLong();
    return year -> new InvoiceNumber(year, last.incrementAndGet());
  }

  /**
   * A series that must not be used: proves a rule refused the issue before any number was drawn.
   */
  public static InvoiceNumberSeries untouchableSeries() {
    return year -> {
      throw new AssertionError("no number may be drawn here");
    };
  }

  /** A random instant in a random far-future year, so tests get a number series of their own. */
  public static Instant someTimeInAFreshYear() {
    int year = ThreadLocalRandom.current().nextInt(2200, 9000);
    return Instant.parse(year + "-06-15T12:00:00Z").truncatedTo(ChronoUnit.MICROS);
  }
}
