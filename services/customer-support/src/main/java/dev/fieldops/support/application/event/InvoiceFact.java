package dev.fieldops.support.application.event;

import dev.fieldops.support.domain.customer.CustomerId;
import java.time.Instant;
import java.util.Objects;

/**
 * What invoicing reports about an issued invoice that bears on a customer's standing: it is
 * overdue, or it stopped being owed (paid or voided, both final).
 */
public sealed interface InvoiceFact {

  CustomerId customerId();

  /** Invoicing's id of the invoice. */
  String invoiceId();

  Instant occurTime();

  /** The invoice passed its due time unpaid. */
  record Overdue(CustomerId customerId, String invoiceId, Instant occurTime)
      implements InvoiceFact {
    public Overdue {
      requireAll(customerId, invoiceId, occurTime);
    }
  }

  /** Payments now cover the invoice. */
  record Paid(CustomerId customerId, String invoiceId, Instant occurTime) implements InvoiceFact {
    public Paid {
      requireAll(customerId, invoiceId, occurTime);
    }
  }

  /** The invoice was cancelled. */
  record Voided(CustomerId customerId, String invoiceId, Instant occurTime) implements InvoiceFact {
    public Voided {
      requireAll(customerId, invoiceId, occurTime);
    }
  }

  private static void requireAll(CustomerId customerId, String invoiceId, Instant occurTime) {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(invoiceId, "invoiceId");
    Objects.requireNonNull(occurTime, "occurTime");
  }
}
