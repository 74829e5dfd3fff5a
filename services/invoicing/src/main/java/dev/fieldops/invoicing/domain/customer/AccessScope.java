package dev.fieldops.invoicing.domain.customer;

import java.util.Objects;
import java.util.Optional;

/**
 * Whose data a query may touch. Every port that reads invoices, payments or charges takes a scope
 * and applies it in the query itself ({@code WHERE customer_id = :customer}), so an object outside
 * the scope is simply not found, exactly as if it did not exist.
 */
public sealed interface AccessScope {

  /** Staff and the service itself: every customer's data. */
  static AccessScope everyCustomer() {
    return EveryCustomer.INSTANCE;
  }

  /** A customer principal: only its own data. */
  static AccessScope onlyCustomer(CustomerId customer) {
    return new OneCustomer(customer);
  }

  /** Whether data of {@code customer} is inside this scope. */
  boolean permits(CustomerId customer);

  /** The one customer this scope is confined to, or empty for every customer. */
  Optional<CustomerId> confinedTo();

  /** Every customer. */
  enum EveryCustomer implements AccessScope {
    INSTANCE;

    @Override
    public boolean permits(CustomerId customer) {
      return true;
    }

    @Override
    public Optional<CustomerId> confinedTo() {
      return Optional.empty();
    }
  }

  /** One customer's data only. */
  record OneCustomer(CustomerId customer) implements AccessScope {
    public OneCustomer {
      Objects.requireNonNull(customer, "customer");
    }

    @Override
    public boolean permits(CustomerId other) {
      return customer.equals(other);
    }

    @Override
    public Optional<CustomerId> confinedTo() {
      return Optional.of(customer);
    }
  }
}
