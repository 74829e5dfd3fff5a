package dev.fieldops.support.application.query;

import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.customer.SupportTier;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A customer's support profile with its read model, as {@code GetCustomerSupportDetails} and {@code
 * UpdateCustomerSupportDetails} return it. {@code notes} are agents' notes about the customer:
 * empty when the caller is the customer itself.
 */
public record CustomerSupportDetailsView(
    CustomerId customerId,
    String contactName,
    String email,
    String phone,
    SupportTier supportTier,
    Optional<String> notes,
    long version,
    Instant createTime,
    Instant updateTime,
    int openTicketCount,
    List<TicketSummary> recentTickets,
    AccountStanding accountStanding,
    int activeAlertCount) {

  public CustomerSupportDetailsView {
    recentTickets = List.copyOf(recentTickets);
  }

  /** The view of an overview; {@code withNotes} false hides the agents' notes. */
  public static CustomerSupportDetailsView of(CustomerSupportOverview overview, boolean withNotes) {
    var profile = overview.profile();
    return new CustomerSupportDetailsView(
        profile.customerId(),
        profile.contactName(),
        profile.email(),
        profile.phone(),
        profile.supportTier(),
        withNotes ? Optional.of(profile.notes()) : Optional.empty(),
        profile.version(),
        profile.createTime(),
        profile.updateTime(),
        overview.openTicketCount(),
        overview.recentTickets(),
        overview.accountStanding(),
        overview.activeAlertCount());
  }
}
