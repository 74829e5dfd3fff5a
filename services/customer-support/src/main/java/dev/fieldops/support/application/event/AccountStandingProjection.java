package dev.fieldops.support.application.event;

/**
 * Keeps each customer's account standing: an overdue invoice makes the account OVERDUE until that
 * invoice is paid or voided.
 */
public final class AccountStandingProjection {

  private final InvoiceStandings standings;

  public AccountStandingProjection(InvoiceStandings standings) {
    this.standings = standings;
  }

  public void apply(InvoiceFact fact) {
    switch (fact) {
      case InvoiceFact.Overdue overdue ->
          standings.overdue(overdue.customerId(), overdue.invoiceId(), overdue.occurTime());
      case InvoiceFact.Paid paid ->
          standings.settled(paid.customerId(), paid.invoiceId(), paid.occurTime());
      case InvoiceFact.Voided voided ->
          standings.settled(voided.customerId(), voided.invoiceId(), voided.occurTime());
    }
  }
}
