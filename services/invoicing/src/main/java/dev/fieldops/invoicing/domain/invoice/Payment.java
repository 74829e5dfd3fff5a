package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.invoicing.domain.money.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * Money received against an issued invoice: positive, in the invoice's currency.
 *
 * @param receiveTime when the money arrived (the bank statement's value date): what decides whether
 *     the invoice was paid late
 * @param recordTime when the payment was recorded in FieldOps
 */
public record Payment(
    PaymentId id,
    Money amount,
    PaymentReference reference,
    Instant receiveTime,
    Instant recordTime) {

  public Payment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(receiveTime, "receiveTime");
    Objects.requireNonNull(recordTime, "recordTime");
    if (!amount.isPositive()) {
      throw new IllegalArgumentException("a payment is positive: " + amount);
    }
  }
}
