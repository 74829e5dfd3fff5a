package dev.fieldops.support.testing;

import dev.fieldops.support.application.query.AccountStanding;
import dev.fieldops.support.application.query.CustomerSupportOverview;
import dev.fieldops.support.application.query.CustomerSupportQueries;
import dev.fieldops.support.application.query.TicketSummary;
import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.ticket.TicketSnapshot;
import java.util.Comparator;
import java.util.Optional;

/**
 * The support read model over the in-memory stores. No other context reports on customers yet, so
 * account standing and alert counts are what support knows: UNKNOWN and 0.
 */
public final class InMemoryCustomerSupportQueries implements CustomerSupportQueries {

  private final InMemoryCustomerSupportDetailsRepository profiles;
  private final InMemoryTicketRepository tickets;

  public InMemoryCustomerSupportQueries(
      InMemoryCustomerSupportDetailsRepository profiles, InMemoryTicketRepository tickets) {
    this.profiles = profiles;
    this.tickets = tickets;
  }

  @Override
  public Optional<CustomerSupportOverview> findOverview(
      CustomerId customerId, CustomerScope scope, int recentTicketLimit) {
    return profiles
        .snapshotOf(customerId, scope)
        .map(
            profile -> {
              var own =
                  tickets.snapshots().stream()
                      .filter(ticket -> ticket.customerId().equals(customerId))
                      .toList();
              int open = (int) own.stream().filter(t -> t.status().isUnresolved()).count();
              var recent =
                  own.stream()
                      .sorted(
                          Comparator.comparing(TicketSnapshot::updateTime)
                              .thenComparing(t -> t.id().value(), InMemoryTicketQueries.UNSIGNED)
                              .reversed())
                      .limit(recentTicketLimit)
                      .map(TicketSummary::of)
                      .toList();
              return new CustomerSupportOverview(profile, open, recent, AccountStanding.UNKNOWN, 0);
            });
  }
}
