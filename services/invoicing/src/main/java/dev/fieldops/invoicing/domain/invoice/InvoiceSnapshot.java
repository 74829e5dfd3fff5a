package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.numbering.InvoiceNumber;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The complete state of an invoice at one version, immutable: what a repository stores and what
 * queries return. {@link Invoice#reconstitute} turns it back into the aggregate.
 *
 * @param lines in the order they were added
 * @param totals computed from the lines while a draft; frozen at issue
 * @param paymentTerms the invoice's own override of the customer's terms, if any
 * @param memo the free text printed on the invoice, if any
 * @param payments in the order they were recorded
 * @param paidTime when the money that completed the total arrived (see {@link Invoice})
 * @param overdueTime when the overdue flag was set; present means "flagged overdue"
 */
public record InvoiceSnapshot(
    InvoiceId id,
    CustomerId customerId,
    CurrencyCode currency,
    InvoiceStatus status,
    List<InvoiceLine> lines,
    InvoiceTotals totals,
    Optional<PaymentTerms> paymentTerms,
    Optional<Memo> memo,
    Optional<InvoiceNumber> number,
    Optional<Instant> issueTime,
    Optional<Instant> dueTime,
    List<Payment> payments,
    Optional<Instant> paidTime,
    Optional<Instant> overdueTime,
    Optional<Instant> voidTime,
    Optional<String> voidReason,
    Instant createTime,
    Instant updateTime,
    long version) {

  public InvoiceSnapshot {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(status, "status");
    lines = List.copyOf(lines);
    Objects.requireNonNull(totals, "totals");
    Objects.requireNonNull(paymentTerms, "paymentTerms");
    Objects.requireNonNull(memo, "memo");
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(issueTime, "issueTime");
    Objects.requireNonNull(dueTime, "dueTime");
    payments = List.copyOf(payments);
    Objects.requireNonNull(paidTime, "paidTime");
    Objects.requireNonNull(overdueTime, "overdueTime");
    Objects.requireNonNull(voidTime, "voidTime");
    Objects.requireNonNull(voidReason, "voidReason");
    Objects.requireNonNull(createTime, "createTime");
    Objects.requireNonNull(updateTime, "updateTime");
    if (version < 1) {
      throw new IllegalArgumentException("versions start at 1: " + version);
    }
  }

  /** Whether the overdue flag is set (it stays set once the invoice is paid or voided). */
  public boolean overdue() {
    return overdueTime.isPresent();
  }

  /** Whether the invoice is PAID and the money completing it arrived after its due time. */
  public boolean paidLate() {
    return status == InvoiceStatus.PAID && paidTime.orElseThrow().isAfter(dueTime.orElseThrow());
  }

  /** The sum of all payments. */
  public Money amountPaid() {
    Money paid = Money.zero(currency);
    for (Payment payment : payments) {
      paid = paid.plus(payment.amount(), "payments");
    }
    return paid;
  }

  /** What is still owed: the total less payments while ISSUED; zero for drafts, PAID and VOID. */
  public Money amountDue() {
    return status == InvoiceStatus.ISSUED
        ? totals.total().minus(amountPaid(), "payments")
        : Money.zero(currency);
  }
}
