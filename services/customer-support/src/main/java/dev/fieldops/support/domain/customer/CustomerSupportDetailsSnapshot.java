package dev.fieldops.support.domain.customer;

import java.time.Instant;
import java.util.Objects;

/**
 * The complete stored state of a support profile: what a repository writes and reads back to {@link
 * CustomerSupportDetails#restore(CustomerSupportDetailsSnapshot)}. It holds no pending events;
 * those are drained separately.
 */
public record CustomerSupportDetailsSnapshot(
    CustomerId customerId,
    String contactName,
    String email,
    String phone,
    SupportTier supportTier,
    String notes,
    long version,
    Instant createTime,
    Instant updateTime) {

  public CustomerSupportDetailsSnapshot {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(contactName, "contactName");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(supportTier, "supportTier");
    Objects.requireNonNull(notes, "notes");
    Objects.requireNonNull(createTime, "createTime");
    Objects.requireNonNull(updateTime, "updateTime");
    if (version < 1) {
      throw new IllegalArgumentException("a stored profile has version 1 or later");
    }
  }
}
