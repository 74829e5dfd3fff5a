package dev.fieldops.support.testing;

import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.customer.CustomerSupportDetails;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsRepository;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsSnapshot;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Support profiles in memory, stored as snapshots. */
public final class InMemoryCustomerSupportDetailsRepository
    implements CustomerSupportDetailsRepository {

  private final Map<CustomerId, CustomerSupportDetailsSnapshot> profiles = new HashMap<>();
  private final InMemoryOutbox outbox;

  public InMemoryCustomerSupportDetailsRepository(InMemoryOutbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public synchronized Optional<CustomerSupportDetails> find(
      CustomerId customerId, CustomerScope scope) {
    return snapshotOf(customerId, scope).map(CustomerSupportDetails::restore);
  }

  @Override
  public synchronized CustomerSupportDetails update(
      CustomerId customerId,
      CustomerScope scope,
      Function<Optional<CustomerSupportDetails>, CustomerSupportDetails> change) {
    if (!scope.permits(customerId)) {
      throw CustomerSupportDetails.notFound(customerId);
    }
    var existing =
        Optional.ofNullable(profiles.get(customerId)).map(CustomerSupportDetails::restore);
    var result = change.apply(existing);
    if (!result.customerId().equals(customerId)) {
      throw new IllegalStateException("the change returned another customer's profile");
    }
    if (existing.isPresent() && existing.get() != result) {
      throw new IllegalStateException("the change replaced an existing profile by a new one");
    }
    var events = result.pullEvents();
    if (!events.isEmpty()) {
      profiles.put(customerId, result.snapshot());
      outbox.append(events);
    }
    return result;
  }

  synchronized Optional<CustomerSupportDetailsSnapshot> snapshotOf(
      CustomerId customerId, CustomerScope scope) {
    return Optional.ofNullable(profiles.get(customerId)).filter(p -> scope.permits(customerId));
  }
}
