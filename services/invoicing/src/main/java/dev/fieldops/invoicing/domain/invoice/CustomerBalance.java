package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.money.Money;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a customer owes, per currency (amounts in different currencies are never added up).
 * <b>Outstanding</b> is the amount still due on its ISSUED invoices; <b>overdue</b> is the part of it
 * on invoices whose due time lies before {@code asOf}. Overdue is judged by the due time, not the
 * overdue flag, so the balance is right even before the overdue scheduler has run. Drafts, PAID and
 * VOID invoices owe nothing. Currencies in which nothing is outstanding are left out.
 */
public record CustomerBalance(CustomerId customerId, Instant asOf, List<CurrencyBalance> balances) {

  /** Outstanding and overdue amounts in one currency; {@code overdue <= outstanding}. */
  public record CurrencyBalance(CurrencyCode currency, Money outstanding, Money overdue) {
    public CurrencyBalance {
      outstanding.requireCurrency(currency, "outstanding");
      overdue.requireCurrency(currency, "overdue");
    }
  }

  public CustomerBalance {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(asOf, "asOf");
    balances =
        balances.stream().sorted(Comparator.comparing(balance -> balance.currency().code())).toList();
  }

  /**
   * The balance computed from the customer's invoices: the specification that the database
   * adapter's {@code SUM ... GROUP BY currency} must agree with.
   */
  public static CustomerBalance of(
      CustomerId customerId, Instant asOf, Collection<InvoiceSnapshot> invoices) {
    Map<String, CurrencyBalance> byCurrency = new TreeMap<>();
    for (InvoiceSnapshot invoice : invoices) {
      if (!invoice.customerId().equals(customerId) || invoice.status() != InvoiceStatus.ISSUED) {
        continue;
      }
      Money due = invoice.amountDue();
      Money overdue =
          invoice.dueTime().orElseThrow().isBefore(asOf) ? due : Money.zero(invoice.currency());
      byCurrency.merge(
          invoice.currency().code(),
          new CurrencyBalance(invoice.currency(), due, overdue),
          (a, b) ->
              new CurrencyBalance(
                  a.currency(),
                  a.outstanding().plus(b.outstanding(), "outstanding"),
                  a.overdue().plus(b.overdue(), "overdue")));
    }
    return new CustomerBalance(customerId, asOf, List.copyOf(byCurrency.values()));
  }
}
