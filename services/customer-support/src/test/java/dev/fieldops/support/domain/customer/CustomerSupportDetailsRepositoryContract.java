package dev.fieldops.support.domain.customer;

import static dev.fieldops.support.domain.ticket.TicketFixtures.AGENT;
import static dev.fieldops.support.domain.ticket.TicketFixtures.OPENED_AT;
import static dev.fieldops.support.domain.ticket.TicketFixtures.draftFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Stamp;
import dev.fieldops.kernel.UuidV7;
import dev.fieldops.support.application.query.AccountStanding;
import dev.fieldops.support.application.query.CustomerSupportQueries;
import dev.fieldops.support.application.query.TicketSummary;
import dev.fieldops.support.domain.shared.ChangeContext;
import dev.fieldops.support.domain.shared.RecordedEvent;
import dev.fieldops.support.domain.ticket.Assignee;
import dev.fieldops.support.domain.ticket.Resolution;
import dev.fieldops.support.domain.ticket.Ticket;
import dev.fieldops.support.domain.ticket.TicketFixtures;
import dev.fieldops.support.domain.ticket.TicketNumberSequence;
import dev.fieldops.support.domain.ticket.TicketRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * What every store of support profiles must do: the {@link CustomerSupportDetailsRepository} and
 * the {@link CustomerSupportQueries} read model, which also counts the customer's tickets from the
 * {@link TicketRepository} of the same store. Extended by the in-memory fake's test now and by the
 * PostgreSQL adapter's integration test later. Every test works on customers of its own.
 */
public abstract class CustomerSupportDetailsRepositoryContract {

  protected abstract CustomerSupportDetailsRepository customerDetails();

  protected abstract CustomerSupportQueries customerQueries();

  protected abstract TicketRepository tickets();

  protected abstract TicketNumberSequence ticketNumbers();

  /** The events the store wrote to its outbox for the customer's profile, in the order written. */
  protected abstract List<RecordedEvent> outboxOf(CustomerId customer);

  private final String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  private final CustomerId acme = CustomerId.of("acme-" + run);
  private final CustomerId globex = CustomerId.of("globex-" + run);
  private final UuidV7 ids = UuidV7.systemUtc();

  private ChangeContext byAgentAt(Instant at) {
    return new ChangeContext(AGENT, Stamp.of(at, ids::next));
  }

  private CustomerSupportDetails createProfile(CustomerId customer) {
    return customerDetails()
        .update(
            customer,
            CustomerScope.unrestricted(),
            missing ->
                CustomerSupportDetails.create(
                    customer,
                    new CustomerSupportDetailsValues(
                        "Ada Lovelace",
                        "ada@acme.example",
                        "+4930123456",
                        Optional.of(SupportTier.PREMIUM),
                        "Night shift calls only after 22:00."),
                    EnumSet.allOf(CustomerSupportDetailsField.class),
                    byAgentAt(OPENED_AT)));
  }

  @Test
  void a_missing_profile_is_created_by_the_change_and_announced() {
    var seen = new ArrayList<Optional<CustomerSupportDetails>>();

    var created =
        customerDetails()
            .update(
                acme,
                CustomerScope.unrestricted(),
                missing -> {
                  seen.add(missing);
                  return CustomerSupportDetails.create(
                      acme,
                      CustomerSupportDetailsValues.none().withContactName("Ada"),
                      EnumSet.of(CustomerSupportDetailsField.CONTACT_NAME),
                      byAgentAt(OPENED_AT));
                });

    assertThat(seen).containsExactly(Optional.empty());
    var found = customerDetails().find(acme, CustomerScope.unrestricted()).orElseThrow();
    assertThat(found.snapshot()).isEqualTo(created.snapshot());
    assertThat(found.supportTier()).isEqualTo(SupportTier.BASIC);
    assertThat(outboxOf(acme))
        .extracting(RecordedEvent::typeAtVersion)
        .containsExactly("CustomerSupportDetailsUpdated@1");
  }

  @Test
  void every_field_of_a_profile_reads_back_exactly() {
    var created = createProfile(acme);

    var found = customerDetails().find(acme, CustomerScope.confinedTo(acme)).orElseThrow();

    assertThat(found.snapshot()).isEqualTo(created.snapshot());
    assertThat(found.notes()).isEqualTo("Night shift calls only after 22:00.");
  }

  @Test
  void an_existing_profile_is_handed_to_the_change_and_stored_with_its_event() {
    createProfile(acme);
    var later = OPENED_AT.plus(Duration.ofHours(1));

    var updated =
        customerDetails()
            .update(
                acme,
                CustomerScope.unrestricted(),
                existing -> {
                  var profile = existing.orElseThrow();
                  assertThat(profile.version()).isEqualTo(1);
                  profile.update(
                      CustomerSupportDetailsValues.none().withSupportTier(SupportTier.STANDARD),
                      EnumSet.of(CustomerSupportDetailsField.SUPPORT_TIER),
                      byAgentAt(later));
                  return profile;
                });

    var found = customerDetails().find(acme, CustomerScope.unrestricted()).orElseThrow();
    assertThat(found.snapshot()).isEqualTo(updated.snapshot());
    assertThat(found.supportTier()).isEqualTo(SupportTier.STANDARD);
    assertThat(found.version()).isEqualTo(2);
    assertThat(found.updateTime()).isEqualTo(later);
    assertThat(outboxOf(acme))
        .extracting(RecordedEvent::typeAtVersion)
        .containsExactly("CustomerSupportDetailsUpdated@1", "CustomerSupportDetailsUpdated@2");
  }

  @Test
  void another_customers_profile_is_not_found_and_the_change_never_runs() {
    createProfile(acme);
    var ran = new ArrayList<Optional<CustomerSupportDetails>>();

    var notFound =
        assertThatExceptionOfType(NotFoundException.class)
            .isThrownBy(
                () ->
                    customerDetails()
                        .update(
                            acme,
                            CustomerScope.confinedTo(globex),
                            existing -> {
                              ran.add(existing);
                              return existing.orElseThrow();
                            }))
            .actual();

    assertThat(notFound.reason()).isEqualTo("CUSTOMER_SUPPORT_DETAILS_NOT_FOUND");
    assertThat(ran).isEmpty();
    assertThat(customerDetails().find(acme, CustomerScope.confinedTo(globex))).isEmpty();
    assertThat(customerDetails().find(globex, CustomerScope.unrestricted())).isEmpty();
  }

  @Test
  void a_failed_change_stores_nothing() {
    createProfile(acme);

    assertThatThrownBy(
            () ->
                customerDetails()
                    .update(
                        acme,
                        CustomerScope.unrestricted(),
                        existing -> {
                          existing
                              .orElseThrow()
                              .update(
                                  CustomerSupportDetailsValues.none().withNotes("changed"),
                                  EnumSet.of(CustomerSupportDetailsField.NOTES),
                                  byAgentAt(OPENED_AT.plusSeconds(60)));
                          throw new IllegalStateException("the caller changed its mind");
                        }))
        .hasMessage("the caller changed its mind");
    assertThatThrownBy(
            () ->
                customerDetails()
                    .update(
                        globex,
                        CustomerScope.unrestricted(),
                        missing -> {
                          throw new IllegalStateException("no, do not create it");
                        }))
        .hasMessage("no, do not create it");

    assertThat(customerDetails().find(acme, CustomerScope.unrestricted()).orElseThrow().notes())
        .isEqualTo("Night shift calls only after 22:00.");
    assertThat(outboxOf(acme)).hasSize(1);
    assertThat(customerDetails().find(globex, CustomerScope.unrestricted())).isEmpty();
    assertThat(outboxOf(globex)).isEmpty();
  }

  // ---------------------------------------------------------------- read model

  @Test
  void a_customer_without_a_profile_has_no_overview() {
    var fixtures = new TicketFixtures(ticketNumbers(), ids::next);
    tickets().add(fixtures.open(draftFor(globex), SupportTier.BASIC, OPENED_AT));

    assertThat(customerQueries().findOverview(globex, CustomerScope.unrestricted(), 5)).isEmpty();
  }

  @Test
  void the_overview_counts_unresolved_tickets_and_lists_the_most_recently_updated() {
    createProfile(acme);
    var fixtures = new TicketFixtures(ticketNumbers(), ids::next);
    var opened = new ArrayList<Ticket>();
    for (int i = 0; i < 7; i++) {
      var ticket =
          fixtures.open(draftFor(acme), SupportTier.PREMIUM, OPENED_AT.plus(Duration.ofMinutes(i)));
      tickets().add(ticket);
      opened.add(ticket);
    }
    tickets().add(fixtures.open(draftFor(globex), SupportTier.BASIC, OPENED_AT));
    // The oldest ticket is worked on last, so it becomes the most recently updated; two are done.
    var scope = CustomerScope.unrestricted();
    tickets()
        .update(
            opened.get(1).id(),
            scope,
            t -> {
              t.assign(new Assignee("agent-ada"), byAgentAt(OPENED_AT.plus(Duration.ofHours(1))));
              t.resolve(
                  new Resolution("Fixed.", 10),
                  SupportTier.PREMIUM,
                  byAgentAt(OPENED_AT.plus(Duration.ofHours(1))));
            });
    tickets()
        .update(
            opened.get(2).id(),
            scope,
            t -> {
              t.assign(new Assignee("agent-ada"), byAgentAt(OPENED_AT.plus(Duration.ofHours(2))));
              t.resolve(
                  new Resolution("Fixed.", 10),
                  SupportTier.PREMIUM,
                  byAgentAt(OPENED_AT.plus(Duration.ofHours(2))));
              t.close(byAgentAt(OPENED_AT.plus(Duration.ofHours(2))));
            });
    tickets()
        .update(
            opened.get(0).id(),
            scope,
            t ->
                t.assign(
                    new Assignee("agent-ada"), byAgentAt(OPENED_AT.plus(Duration.ofHours(3)))));

    var overview =
        customerQueries().findOverview(acme, CustomerScope.confinedTo(acme), 5).orElseThrow();

    assertThat(overview.profile().customerId()).isEqualTo(acme);
    assertThat(overview.openTicketCount()).isEqualTo(5);
    assertThat(overview.recentTickets())
        .extracting(TicketSummary::ticketId)
        .containsExactly(
            opened.get(0).id(),
            opened.get(2).id(),
            opened.get(1).id(),
            opened.get(6).id(),
            opened.get(5).id());
    assertThat(overview.recentTickets().getFirst().ticketNumber())
        .isEqualTo(opened.get(0).number());
    assertThat(overview.accountStanding()).isEqualTo(AccountStanding.UNKNOWN);
    assertThat(overview.activeAlertCount()).isZero();
  }

  @Test
  void another_customers_overview_is_not_found() {
    createProfile(acme);

    assertThat(customerQueries().findOverview(acme, CustomerScope.confinedTo(globex), 5)).isEmpty();
    assertThat(customerQueries().findOverview(acme, CustomerScope.confinedTo(acme), 5)).isPresent();
  }
}
