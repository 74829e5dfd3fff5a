package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.domain.charge.SupportTier;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Bill the support minutes of one resolution of a ticket (customer-support's {@code
 * TicketResolved}). A ticket resolved, reopened and resolved again is a new resolution with its own
 * version, billed separately.
 *
 * @param resolutionVersion the ticket's version after this resolution; with the ticket id it
 *     identifies the resolution
 */
public record ChargeTicketResolution(
    Principal principal,
    UUID ticketId,
    String ticketNumber,
    CustomerId customerId,
    int billableMinutes,
    SupportTier supportTier,
    long resolutionVersion,
    Instant resolveTime) {

  public ChargeTicketResolution {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(ticketNumber, "ticketNumber");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(supportTier, "supportTier");
    Objects.requireNonNull(resolveTime, "resolveTime");
    if (ticketNumber.isBlank()) {
      throw InvalidInputException.of("INVALID_TICKET_NUMBER", "ticket_number", "must not be blank");
    }
    if (billableMinutes < 0) {
      throw InvalidInputException.of(
          "INVALID_BILLABLE_MINUTES", "billable_minutes", "must not be negative");
    }
    if (resolutionVersion < 1) {
      throw InvalidInputException.of(
          "INVALID_AGGREGATE_VERSION", "aggregate_version", "must be at least 1");
    }
  }

  /** The charge's source reference: unique per ticket resolution. */
  public String sourceReference() {
    return "support.ticket/" + ticketId + "/resolved/" + resolutionVersion;
  }
}
