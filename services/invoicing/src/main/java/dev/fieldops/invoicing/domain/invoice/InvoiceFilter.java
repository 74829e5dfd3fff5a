package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.kernel.InvalidInputException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which invoices a list wants; every present condition must hold. The issue-time range is half-open
 * ({@code issuedFrom <= issue time < issuedBefore}); a draft has no issue time, so any bound on it
 * excludes drafts. {@code overdueOnly} keeps the invoices overdue now: ISSUED and flagged overdue
 * by the scan (what the API shows as {@code overdue}); a paid or void invoice is never overdue,
 * even if it was flagged before. The caller's {@code AccessScope} applies on top of the customer
 * condition.
 */
public record InvoiceFilter(
    Optional<CustomerId> customerId,
    Optional<InvoiceStatus> status,
    Optional<Instant> issuedFrom,
    Optional<Instant> issuedBefore,
    boolean overdueOnly) {

  public InvoiceFilter {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(issuedFrom, "issuedFrom");
    Objects.requireNonNull(issuedBefore, "issuedBefore");
    if (issuedFrom.isPresent()
        && issuedBefore.isPresent()
        && !issuedFrom.get().isBefore(issuedBefore.get())) {
      throw InvalidInputException.of(
          "INVALID_TIME_RANGE", "issue_time_range", "the start must lie before the end");
    }
  }

  /** No condition: every invoice in scope. */
  public static InvoiceFilter all() {
    return new InvoiceFilter(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);
  }

  public InvoiceFilter withCustomer(CustomerId customer) {
    return new InvoiceFilter(Optional.of(customer), status, issuedFrom, issuedBefore, overdueOnly);
  }

  public InvoiceFilter withStatus(InvoiceStatus wanted) {
    return new InvoiceFilter(
        customerId, Optional.of(wanted), issuedFrom, issuedBefore, overdueOnly);
  }

  public InvoiceFilter issuedBetween(Instant from, Instant before) {
    return new InvoiceFilter(
        customerId, status, Optional.of(from), Optional.of(before), overdueOnly);
  }

  public InvoiceFilter onlyOverdue() {
    return new InvoiceFilter(customerId, status, issuedFrom, issuedBefore, true);
  }

  /**
   * Whether {@code invoice} meets every condition (the specification adapters translate to SQL).
   */
  public boolean matches(InvoiceSnapshot invoice) {
    if (customerId.isPresent() && !customerId.get().equals(invoice.customerId())) {
      return false;
    }
    if (status.isPresent() && status.get() != invoice.status()) {
      return false;
    }
    if (overdueOnly && !(invoice.status() == InvoiceStatus.ISSUED && invoice.overdue())) {
      return false;
    }
    if (issuedFrom.isEmpty() && issuedBefore.isEmpty()) {
      return true;
    }
    if (invoice.issueTime().isEmpty()) {
      return false;
    }
    Instant issued = invoice.issueTime().get();
    return issuedFrom.map(from -> !issued.isBefore(from)).orElse(true)
        && issuedBefore.map(issued::isBefore).orElse(true);
  }
}
