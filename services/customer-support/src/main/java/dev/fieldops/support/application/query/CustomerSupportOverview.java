package dev.fieldops.support.application.query;

import dev.fieldops.support.domain.customer.CustomerSupportDetailsSnapshot;
import java.util.List;
import java.util.Objects;

/**
 * What the support read model knows about one customer: the stored profile, its tickets as they are
 * now, and the facts other contexts report. {@code accountStanding} and {@code activeAlertCount}
 * are fed by invoicing and telemetry events; until those are consumed they are {@link
 * AccountStanding#UNKNOWN} and 0.
 *
 * @param openTicketCount tickets of the customer that are NEW, OPEN or PENDING
 * @param recentTickets the customer's most recently updated tickets, newest first
 */
public record CustomerSupportOverview(
    CustomerSupportDetailsSnapshot profile,
    int openTicketCount,
    List<TicketSummary> recentTickets,
    AccountStanding accountStanding,
    int activeAlertCount) {

  public CustomerSupportOverview {
    Objects.requireNonNull(profile, "profile");
    recentTickets = List.copyOf(recentTickets);
    Objects.requireNonNull(accountStanding, "accountStanding");
  }
}
