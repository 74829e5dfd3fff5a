package dev.fieldops.invoicing.domain.customer;

import dev.fieldops.kernel.InvalidInputException;
import java.time.Duration;
import java.time.Instant;

/**
 * "Net N days": an issued invoice falls due N × 24 hours after its issue time. Terms are chosen at
 * issue, in this order: the invoice's own override, the customer's agreed terms, the service
 * default ({@link #DEFAULT}, net 30, configurable). Counting whole days from the issue instant
 * keeps due times free of time-zone rules; an invoice issued at 15:00 is due at 15:00 N days later
 * (UTC).
 */
public record PaymentTerms(int netDays) {

  public static final int MAX_NET_DAYS = 365;

  /** Net 30, the default when neither the invoice nor the customer says otherwise. */
  public static final PaymentTerms DEFAULT = new PaymentTerms(30);

  public PaymentTerms {
    if (netDays < 0 || netDays > MAX_NET_DAYS) {
      throw new IllegalArgumentException("net days out of range: " + netDays);
    }
  }

  /** Terms from input, naming {@code field} when out of range. */
  public static PaymentTerms net(int netDays, String field) {
    if (netDays < 0 || netDays > MAX_NET_DAYS) {
      throw InvalidInputException.of(
          "INVALID_PAYMENT_TERMS", field, "net days must be between 0 and " + MAX_NET_DAYS);
    }
    return new PaymentTerms(netDays);
  }

  public static PaymentTerms net(int netDays) {
    return net(netDays, "net_days");
  }

  /** When an invoice issued at {@code issueTime} falls due. */
  public Instant dueTime(Instant issueTime) {
    return issueTime.plus(Duration.ofDays(netDays));
  }

  @Override
  public String toString() {
    return "net " + netDays;
  }
}
