package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.event.DomainEvent;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.numbering.InvoiceNumber;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What happened to an invoice, as the rest of FieldOps hears it ({@code invoicing.invoice.*}).
 * Drafting raises no event: a draft is private to billing until it is issued.
 */
public sealed interface InvoiceEvent extends DomainEvent {

  InvoiceId invoiceId();

  /** The invoice's number (every event is about an issued invoice). */
  InvoiceNumber number();

  @Override
  default UUID aggregateId() {
    return invoiceId().value();
  }

  /**
   * {@code invoicing.invoice.issued}: numbered, totals frozen, due at {@code dueTime}.
   *
   * @param lineCount how many lines the invoice bills
   * @param chargeIds the charges the invoice's lines bill, in line order
   */
  record InvoiceIssued(
      UUID eventId,
      Instant occurTime,
      InvoiceId invoiceId,
      long aggregateVersion,
      CustomerId customerId,
      InvoiceNumber number,
      InvoiceTotals totals,
      Instant issueTime,
      Instant dueTime,
      Optional<Memo> memo,
      int lineCount,
      List<UUID> chargeIds)
      implements InvoiceEvent {
    public InvoiceIssued {
      Objects.requireNonNull(totals, "totals");
      Objects.requireNonNull(issueTime, "issueTime");
      Objects.requireNonNull(dueTime, "dueTime");
      Objects.requireNonNull(memo, "memo");
      chargeIds = List.copyOf(chargeIds);
    }
  }

  /**
   * {@code invoicing.invoice.payment_recorded}: {@code amount} received at {@code receiveTime},
   * recorded at {@code occurTime}; {@code amountPaid} and {@code amountDue} are the invoice's
   * running figures after it.
   */
  record PaymentRecorded(
      UUID eventId,
      Instant occurTime,
      InvoiceId invoiceId,
      long aggregateVersion,
      CustomerId customerId,
      InvoiceNumber number,
      PaymentId paymentId,
      Money amount,
      PaymentReference reference,
      Instant receiveTime,
      Money amountPaid,
      Money amountDue)
      implements InvoiceEvent {
    public PaymentRecorded {
      Objects.requireNonNull(receiveTime, "receiveTime");
    }
  }

  /**
   * {@code invoicing.invoice.paid}: the last payment settled the invoice, recorded at {@code
   * occurTime}.
   *
   * @param paidTime when the money completing the total arrived
   * @param paidLate whether {@code paidTime} is after the due time
   */
  record InvoicePaid(
      UUID eventId,
      Instant occurTime,
      InvoiceId invoiceId,
      long aggregateVersion,
      CustomerId customerId,
      InvoiceNumber number,
      Money total,
      Instant paidTime,
      boolean paidLate)
      implements InvoiceEvent {}

  /** {@code invoicing.invoice.overdue}: the due time passed with {@code amountDue} still open. */
  record InvoiceOverdue(
      UUID eventId,
      Instant occurTime,
      InvoiceId invoiceId,
      long aggregateVersion,
      CustomerId customerId,
      InvoiceNumber number,
      Instant dueTime,
      Money amountDue)
      implements InvoiceEvent {}

  /**
   * {@code invoicing.invoice.voided}: cancelled, with the reason given.
   *
   * @param total the total the invoice asked for, which the void cancels
   * @param wasOverdue whether the invoice had been flagged overdue before it was voided
   * @param chargesReleased whether the void returned the invoice's charges to the unbilled list
   * @param releasedChargeIds the charges it returned, in line order (empty unless released)
   */
  record InvoiceVoided(
      UUID eventId,
      Instant occurTime,
      InvoiceId invoiceId,
      long aggregateVersion,
      CustomerId customerId,
      InvoiceNumber number,
      String reason,
      Instant voidTime,
      Money total,
      boolean wasOverdue,
      boolean chargesReleased,
      List<UUID> releasedChargeIds)
      implements InvoiceEvent {
    public InvoiceVoided {
      Objects.requireNonNull(total, "total");
      releasedChargeIds = List.copyOf(releasedChargeIds);
      if (!chargesReleased && !releasedChargeIds.isEmpty()) {
        throw new IllegalArgumentException("charges are listed as released only when released");
      }
    }
  }
}
