package dev.fieldops.invoicing.domain.charge;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.event.DomainEvent;
import dev.fieldops.invoicing.domain.money.Money;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** What happened to a charge, as the rest of FieldOps hears it ({@code invoicing.charge.*}). */
public sealed interface ChargeEvent extends DomainEvent {

  ChargeId chargeId();

  @Override
  default UUID aggregateId() {
    return chargeId().value();
  }

  /**
   * {@code invoicing.charge.recorded}: a new billable charge. Raised once per source reference; a
   * repeated recording of the same charge raises nothing.
   *
   * @param occurTime when it was recorded ({@code details.occurTime()} is when the billed thing
   *     happened)
   */
  record ChargeRecorded(
      UUID eventId,
      Instant occurTime,
      ChargeId chargeId,
      long aggregateVersion,
      ChargeDetails details,
      Money amount)
      implements ChargeEvent {
    public ChargeRecorded {
      Objects.requireNonNull(details, "details");
      Objects.requireNonNull(amount, "amount");
    }

    @Override
    public CustomerId customerId() {
      return details.customerId();
    }
  }
}
