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
 * <b>Outstanding</b> is the amount still due on its ISSUED invoices (the <b>open</b> ones);
 * <b>overdue</b> is the part of it on invoices whose due time lies before {@code asOf}. Overdue is
 * judged by the due time, not the overdue flag, so the balance is right even before the overdue
 * scheduler has run. Drafts, PAID and VOID invoices owe nothing. Currencies in which nothing is
 * outstanding are left out.
 */
public record CustomerBalance(CustomerId customerId, Instant asOf, List<CurrencyBalance> balances) {

  /**
   * Outstanding and overdue amounts in one currency ({@code overdue <= outstanding}), with the
   * number of open invoices behind them, how many of those are overdue, and the earliest due time
   * among the open ones (there is at least one open invoice, or the currency would be left out).
   */
  public record CurrencyBalance(
      CurrencyCode currency,
      Money outstanding,
      Money overdue,
      int openInvoiceCount,
      int overdueInvoiceCount,
      Instant oldestDueTime) {
    public CurrencyBalance {
      outstanding.requireCurrency(currency, "outstanding");
      overdue.requireCurrency(currency, "overdue");
      Objects.requireNonNull(oldestDueTime, "oldestDueTime");
      if (openInvoiceCount < 1
          || overdueInvoiceCount < 0
          || overdueInvoiceCount > openInvoiceCount) {
        throw new IllegalArgumentException(
            "invoice counts out of range: "
                + overdueInvoiceCount
                + " overdue of "
                + openInvoiceCount);
      }
    }

    /** The balance of one open invoice, as of {@code asOf}. */
    static CurrencyBalance of(InvoiceSnapshot open, Instant asOf) {
      Instant due = open.dueTime().orElseThrow();
      boolean overdue = due.isBefore(asOf);
      Money owed = open.amountDue();
      return new CurrencyBalance(
          open.currency(),
          owed,
          overdue ? owed : Money.zero(open.currency()),
          1,
          overdue ? 1 : 0,
          due);
    }

    /** This balance and {@code other}'s, in the same currency, added up. */
    CurrencyBalance plus(CurrencyBalance other) {
      return new CurrencyBalance(
          currency,
          outstanding.plus(other.outstanding, "outstanding"),
          overdue.plus(other.overdue, "overdue"),
          openInvoiceCount + other.openInvoiceCount,
          overdueInvoiceCount + other.overdueInvoiceCount,
          oldestDueTime.isBefore(other.oldestDueTime) ? oldestDueTime : other.oldestDueTime);
    }
  }

  public CustomerBalance {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(asOf, "asOf");
    balances =
        balances.stream()
            .sorted(Comparator.comparing(balance -> balance.currency().code()))
            .toList();
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
      byCurrency.merge(
          invoice.currency().code(), CurrencyBalance.of(invoice, asOf), CurrencyBalance::plus);
    }
    return new CustomerBalance(customerId, asOf, List.copyOf(byCurrency.values()));
  }
}
