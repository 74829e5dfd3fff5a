package dev.fieldops.support.domain.customer;

import java.util.Objects;
import java.util.Optional;

/**
 * Whose data a query may touch: every customer's (staff, automation) or exactly one customer's (a
 * customer principal). Repositories and queries apply it in the query itself ({@code WHERE
 * customer_id = :confinedTo}), so an object outside the scope is indistinguishable from a missing
 * one and yields NOT_FOUND, never a hint that it exists.
 */
public record CustomerScope(Optional<CustomerId> confinedTo) {

  private static final CustomerScope UNRESTRICTED = new CustomerScope(Optional.empty());

  public CustomerScope {
    Objects.requireNonNull(confinedTo, "confinedTo");
  }

  /** Every customer's data. */
  public static CustomerScope unrestricted() {
    return UNRESTRICTED;
  }

  /** Only this customer's data. */
  public static CustomerScope confinedTo(CustomerId customerId) {
    return new CustomerScope(Optional.of(customerId));
  }

  /** Whether an object of {@code owner} lies inside the scope. */
  public boolean permits(CustomerId owner) {
    return confinedTo.map(owner::equals).orElse(true);
  }

  public boolean isUnrestricted() {
    return confinedTo.isEmpty();
  }
}
