package dev.fieldops.support.domain.customer;

import dev.fieldops.kernel.NotFoundException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where support profiles are kept. Implementations keep a profile and its events together: every
 * write stores the events drained with {@link CustomerSupportDetails#pullEvents()} in the outbox in
 * the same transaction as the profile.
 */
public interface CustomerSupportDetailsRepository {

  /**
   * The customer's profile if it exists and lies inside {@code scope}; empty otherwise (the two are
   * deliberately indistinguishable).
   */
  Optional<CustomerSupportDetails> find(CustomerId customerId, CustomerScope scope);

  /**
   * Changes or creates a profile in one transaction: loads the profile (locking it), passes it to
   * {@code change} (empty when there is none yet), stores what {@code change} returns — the loaded
   * profile after calling its domain methods, or a new one from {@link
   * CustomerSupportDetails#create} — and writes its drained events to the outbox. When {@code
   * change} throws, nothing is stored. When two transactions create the same profile at once, the
   * loser re-runs {@code change} with the winner's profile (or fails with a concurrency conflict);
   * it never overwrites it. Like any retry, that calls {@code change} again, so {@code change} has
   * no side effects beyond the profile.
   *
   * @return the profile as stored
   * @throws NotFoundException {@code CUSTOMER_SUPPORT_DETAILS_NOT_FOUND} when {@code scope} does
   *     not permit {@code customerId}; {@code change} is not called then
   */
  CustomerSupportDetails update(
      CustomerId customerId,
      CustomerScope scope,
      Function<Optional<CustomerSupportDetails>, CustomerSupportDetails> change);
}
