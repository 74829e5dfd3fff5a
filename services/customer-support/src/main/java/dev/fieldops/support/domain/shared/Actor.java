package dev.fieldops.support.domain.shared;

import java.util.Objects;

/**
 * Who performed a change, as recorded on comments and events. The subject is the staff user's
 * principal subject, the customer id for a customer, or the service name for automation.
 */
public record Actor(String subject, ActorKind kind) {

  public Actor {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(kind, "kind");
    if (subject.isBlank()) {
      throw new IllegalArgumentException("an actor has a subject");
    }
  }

  public static Actor staff(String subject) {
    return new Actor(subject, ActorKind.STAFF);
  }

  public static Actor customer(String customerId) {
    return new Actor(customerId, ActorKind.CUSTOMER);
  }

  public static Actor system(String serviceName) {
    return new Actor(serviceName, ActorKind.SYSTEM);
  }

  public boolean isStaff() {
    return kind == ActorKind.STAFF;
  }

  public boolean isCustomer() {
    return kind == ActorKind.CUSTOMER;
  }
}
