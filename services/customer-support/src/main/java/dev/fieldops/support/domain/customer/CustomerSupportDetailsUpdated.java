package dev.fieldops.support.domain.customer;

import dev.fieldops.support.domain.shared.Actor;
import dev.fieldops.support.domain.shared.SupportEvent;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A support profile was created ({@code created}) or some of its fields changed. It carries the
 * profile's contact fields and tier after the change so that subscribers need no callback. The
 * free-text {@code notes} are staff notes about the customer and stay inside support: only the fact
 * that they changed is published. {@code previousSupportTier} is the tier before this change; empty
 * when the profile was created.
 */
public record CustomerSupportDetailsUpdated(
    UUID eventId,
    Instant occurTime,
    CustomerId customerId,
    long version,
    Actor actor,
    boolean created,
    Set<CustomerSupportDetailsField> changedFields,
    String contactName,
    String email,
    String phone,
    SupportTier supportTier,
    Optional<SupportTier> previousSupportTier)
    implements SupportEvent {

  public CustomerSupportDetailsUpdated {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurTime, "occurTime");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(actor, "actor");
    changedFields = Set.copyOf(changedFields);
    Objects.requireNonNull(contactName, "contactName");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(supportTier, "supportTier");
    Objects.requireNonNull(previousSupportTier, "previousSupportTier");
  }

  @Override
  public String aggregateId() {
    return customerId.value();
  }

  @Override
  public long aggregateVersion() {
    return version;
  }
}
