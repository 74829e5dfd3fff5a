package dev.fieldops.telemetry.domain.shared;

import java.util.Objects;
import java.util.Optional;

/**
 * Whose data a query or an update may touch. Repository ports take it as an argument so that the
 * restriction becomes part of the query itself ({@code WHERE customer_id = :customer}) instead of a
 * check after loading: an object outside the scope is simply not found.
 */
public sealed interface AccessScope {

  /** Every customer's data (operators, administrators, other FieldOps services). */
  static AccessScope everyone() {
    return Everyone.INSTANCE;
  }

  /** Only the given customer's data. */
  static AccessScope customer(CustomerId customerId) {
    return new OneCustomer(customerId);
  }

  /** The customer this scope is confined to, or empty for {@link #everyone()}. */
  Optional<CustomerId> confinedTo();

  /** Whether an object owned by {@code owner} is visible in this scope. */
  default boolean includes(CustomerId owner) {
    return confinedTo().map(owner::equals).orElse(true);
  }

  /** No restriction. */
  enum Everyone implements AccessScope {
    INSTANCE;

    @Override
    public Optional<CustomerId> confinedTo() {
      return Optional.empty();
    }
  }

  /** Confined to one customer. */
  record OneCustomer(CustomerId customerId) implements AccessScope {
    public OneCustomer {
      Objects.requireNonNull(customerId, "customerId");
    }

    @Override
    public Optional<CustomerId> confinedTo() {
      return Optional.of(customerId);
    }
  }
}
