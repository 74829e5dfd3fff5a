package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.Memo;
import dev.fieldops.invoicing.domain.invoice.NewInvoiceLine;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.kernel.IdempotentCommand;
import dev.fieldops.kernel.Principal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Create a draft invoice for a customer in one currency, optionally with a memo and lines. */
public record CreateInvoice(
    Principal principal,
    CustomerId customerId,
    CurrencyCode currency,
    Optional<PaymentTerms> paymentTerms,
    Optional<Memo> memo,
    List<NewInvoiceLine> lines)
    implements IdempotentCommand {

  public CreateInvoice {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(paymentTerms, "paymentTerms");
    Objects.requireNonNull(memo, "memo");
    lines = List.copyOf(lines);
  }

  /** A draft without a memo. */
  public CreateInvoice(
      Principal principal,
      CustomerId customerId,
      CurrencyCode currency,
      Optional<PaymentTerms> paymentTerms,
      List<NewInvoiceLine> lines) {
    this(principal, customerId, currency, paymentTerms, Optional.empty(), lines);
  }
}
