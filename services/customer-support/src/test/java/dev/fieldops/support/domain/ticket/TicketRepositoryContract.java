package dev.fieldops.support.domain.ticket;

import static dev.fieldops.support.domain.ticket.TicketFixtures.AGENT;
import static dev.fieldops.support.domain.ticket.TicketFixtures.OPENED_AT;
import static dev.fieldops.support.domain.ticket.TicketFixtures.SCHEDULER;
import static dev.fieldops.support.domain.ticket.TicketFixtures.draftFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.AlreadyExistsException;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.UuidV7;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.support.application.query.TicketFilter;
import dev.fieldops.support.application.query.TicketQueries;
import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.shared.Actor;
import dev.fieldops.support.domain.shared.RecordedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store of tickets must do: the {@link TicketRepository} and the {@link TicketQueries}
 * over the same data. Extended by the in-memory fake's test now and by the PostgreSQL adapter's
 * integration test later; it uses nothing but the ports and the domain.
 *
 * <p>It tolerates data that other tests left in the same store: every test works on customers of
 * its own, and the SLA scan test works in a year no other test uses. Times are whole milliseconds,
 * which every store keeps exactly.
 */
public abstract class TicketRepositoryContract {

  /** The repository under test. */
  protected abstract TicketRepository tickets();

  /** Queries over the same store as {@link #tickets()}. */
  protected abstract TicketQueries ticketQueries();

  /** The number sequence of the same store, so numbers stay unique across tests. */
  protected abstract TicketNumberSequence ticketNumbers();

  /** The events the store wrote to its outbox for the ticket, in the order written. */
  protected abstract List<RecordedEvent> outboxOf(TicketId ticket);

  private final UuidV7 ids = UuidV7.systemUtc();
  // Fresh for every test, whatever the test instance lifecycle of the extending class.
  private String run;
  private CustomerId acme;
  private CustomerId globex;

  @BeforeEach
  void customersOfThisTest() {
    run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    acme = CustomerId.of("acme-" + run);
    globex = CustomerId.of("globex-" + run);
  }

  private TicketFixtures fixtures() {
    return new TicketFixtures(ticketNumbers(), ids::next);
  }

  private Ticket openAndAdd(CustomerId customer, Instant at) {
    var ticket = fixtures().open(draftFor(customer), SupportTier.BASIC, at);
    tickets().add(ticket);
    return ticket;
  }

  private Ticket change(Ticket ticket, java.util.function.Consumer<Ticket> change) {
    return tickets().update(ticket.id(), CustomerScope.unrestricted(), change);
  }

  private static Instant after(Duration duration) {
    return OPENED_AT.plus(duration);
  }

  private static Duration minutes(long n) {
    return Duration.ofMinutes(n);
  }

  // ---------------------------------------------------------------- storing and loading

  @Test
  void an_added_ticket_is_found_exactly_as_it_was_opened() {
    var ticket = openAndAdd(acme, OPENED_AT);

    var found = tickets().find(ticket.id(), CustomerScope.unrestricted()).orElseThrow();

    assertThat(found.snapshot()).isEqualTo(ticket.snapshot());
    assertThat(ticketQueries().findTicket(ticket.id(), CustomerScope.unrestricted()))
        .contains(ticket.snapshot());
    assertThat(outboxOf(ticket.id()))
        .extracting(RecordedEvent::typeAtVersion)
        .containsExactly("TicketOpened@1");
  }

  @Test
  void a_ticket_with_a_long_history_reads_back_exactly() {
    var draft =
        draftFor(acme)
            .withDevice(new DeviceId("0190d7a2-0000-7000-8000-000000000042"))
            .fromAlert(new AlertId("alert-" + run))
            .withTags(List.of("freezer", "hall-b"));
    var ticket =
        fixtures()
            .open(
                new TicketDraft(
                    acme,
                    draft.subject(),
                    draft.description(),
                    TicketPriority.URGENT,
                    TicketChannel.TELEMETRY_ALERT,
                    draft.deviceId(),
                    draft.alertId(),
                    draft.tags()),
                SupportTier.PREMIUM,
                OPENED_AT);
    tickets().add(ticket);
    var f = fixtures();

    change(ticket, t -> t.detectBreaches(f.by(SCHEDULER, after(minutes(20)))));
    change(
        ticket,
        t -> t.addComment(CommentVisibility.PUBLIC, "On it.", f.by(AGENT, after(minutes(25)))));
    change(ticket, t -> t.assign(new Assignee("agent-grace"), f.by(AGENT, after(minutes(26)))));
    change(ticket, t -> t.markPending(f.by(AGENT, after(minutes(30)))));
    var pending = tickets().find(ticket.id(), CustomerScope.unrestricted()).orElseThrow();
    assertThat(pending.sla().pausedSince()).contains(after(minutes(30)));
    change(ticket, t -> t.resume(f.by(AGENT, after(minutes(90)))));
    change(
        ticket,
        t ->
            t.resolve(
                new Resolution("Replaced the door seal.", 45),
                SupportTier.PREMIUM,
                f.by(AGENT, after(minutes(100)))));
    change(ticket, t -> t.reopen(f.by(AGENT, after(minutes(200)))));
    var last =
        change(
            ticket,
            t ->
                t.edit(
                    TicketEdit.nothing()
                        .withPriority(TicketPriority.HIGH)
                        .withTags(List.of("seal")),
                    f.policy(),
                    f.by(AGENT, after(minutes(210)))));

    var found = tickets().find(ticket.id(), CustomerScope.unrestricted()).orElseThrow();

    assertThat(found.snapshot()).isEqualTo(last.snapshot());
    assertThat(found.sla().breached()).containsExactly(SlaTarget.FIRST_RESPONSE);
    assertThat(found.resolution()).contains("Replaced the door seal.");
    assertThat(found.billableMinutes()).isEqualTo(45);
    assertThat(found.alertId()).isEqualTo(draft.alertId());
    assertThat(outboxOf(ticket.id()))
        .extracting(RecordedEvent::typeAtVersion)
        .containsExactly(
            "TicketOpened@1",
            "TicketSlaBreached@2",
            "TicketCommentAdded@3",
            "TicketAssigned@4",
            "TicketPending@5",
            "TicketResumed@6",
            "TicketResolved@7",
            "TicketReopened@8",
            "TicketUpdated@9");
    assertThat(outboxOf(ticket.id())).extracting(RecordedEvent::eventId).doesNotHaveDuplicates();
  }

  @Test
  void a_ticket_cannot_be_added_twice() {
    var ticket = openAndAdd(acme, OPENED_AT);
    var again = Ticket.restore(ticket.snapshot());

    assertThatThrownBy(() -> tickets().add(again)).isInstanceOf(AlreadyExistsException.class);
  }

  @Test
  void an_alert_has_at_most_one_ticket_and_its_ticket_is_found_by_the_alert() {
    var alert = new AlertId("alert-once-" + run);
    var first = fixtures().open(alertDraft(acme, alert), SupportTier.BASIC, OPENED_AT);
    tickets().add(first);
    var second = fixtures().open(alertDraft(acme, alert), SupportTier.BASIC, OPENED_AT);

    var refused =
        assertThatExceptionOfType(AlreadyExistsException.class)
            .isThrownBy(() -> tickets().add(second))
            .actual();

    assertThat(refused.reason()).isEqualTo("ALERT_TICKET_ALREADY_EXISTS");
    assertThat(refused.metadata()).containsEntry("ticket_id", first.id().toString());
    assertThat(ticketQueries().findTicketForAlert(alert, CustomerScope.unrestricted()))
        .map(TicketSnapshot::id)
        .contains(first.id());
    assertThat(ticketQueries().findTicketForAlert(alert, CustomerScope.confinedTo(globex)))
        .isEmpty();
    assertThat(
            ticketQueries()
                .findTicketForAlert(
                    new AlertId("alert-never-" + run), CustomerScope.unrestricted()))
        .isEmpty();
    assertThat(tickets().find(second.id(), CustomerScope.unrestricted())).isEmpty();
  }

  private static TicketDraft alertDraft(CustomerId customer, AlertId alert) {
    var draft = draftFor(customer);
    return new TicketDraft(
        customer,
        draft.subject(),
        draft.description(),
        TicketPriority.URGENT,
        TicketChannel.TELEMETRY_ALERT,
        Optional.of(new DeviceId("device-" + alert.value())),
        Optional.of(alert),
        List.of());
  }

  // ---------------------------------------------------------------- object-level security

  @Test
  void another_customers_ticket_is_not_found_as_if_it_did_not_exist() {
    var ticket = openAndAdd(acme, OPENED_AT);

    assertThat(tickets().find(ticket.id(), CustomerScope.confinedTo(globex))).isEmpty();
    assertThat(ticketQueries().findTicket(ticket.id(), CustomerScope.confinedTo(globex))).isEmpty();
    assertThat(tickets().find(ticket.id(), CustomerScope.confinedTo(acme))).isPresent();
    assertThat(tickets().find(new TicketId(ids.next()), CustomerScope.unrestricted())).isEmpty();
  }

  @Test
  void another_customers_ticket_cannot_be_changed_and_the_change_never_runs() {
    var ticket = openAndAdd(acme, OPENED_AT);
    var ran = new ArrayList<Ticket>();

    var notFound =
        assertThatExceptionOfType(NotFoundException.class)
            .isThrownBy(
                () -> tickets().update(ticket.id(), CustomerScope.confinedTo(globex), ran::add))
            .actual();

    assertThat(notFound.reason()).isEqualTo("TICKET_NOT_FOUND");
    assertThat(ran).isEmpty();
    assertThat(outboxOf(ticket.id())).hasSize(1);
  }

  @Test
  void a_missing_ticket_cannot_be_changed() {
    var notFound =
        assertThatExceptionOfType(NotFoundException.class)
            .isThrownBy(
                () ->
                    tickets()
                        .update(new TicketId(ids.next()), CustomerScope.unrestricted(), t -> {}))
            .actual();

    assertThat(notFound.reason()).isEqualTo("TICKET_NOT_FOUND");
  }

  // ---------------------------------------------------------------- transactional updates

  @Test
  void an_update_stores_the_change_and_appends_its_events() {
    var ticket = openAndAdd(acme, OPENED_AT);
    var f = fixtures();

    var changed =
        change(ticket, t -> t.assign(new Assignee("agent-ada"), f.by(AGENT, after(minutes(5)))));

    assertThat(changed.status()).isEqualTo(TicketStatus.OPEN);
    var found = tickets().find(ticket.id(), CustomerScope.unrestricted()).orElseThrow();
    assertThat(found.status()).isEqualTo(TicketStatus.OPEN);
    assertThat(found.version()).isEqualTo(2);
    assertThat(found.updateTime()).isEqualTo(after(minutes(5)));
    assertThat(outboxOf(ticket.id()))
        .extracting(RecordedEvent::typeAtVersion)
        .containsExactly("TicketOpened@1", "TicketAssigned@2");
  }

  @Test
  void the_revision_is_stored_apart_from_the_version() {
    var ticket = openAndAdd(acme, OPENED_AT);
    var f = fixtures();

    change(ticket, t -> t.assign(new Assignee("agent-ada"), f.by(AGENT, after(minutes(5)))));
    change(
        ticket,
        t ->
            t.addComment(
                CommentVisibility.INTERNAL,
                "Device details from telemetry",
                f.by(TicketFixtures.SCHEDULER, after(minutes(6)))));

    var found = tickets().find(ticket.id(), CustomerScope.unrestricted()).orElseThrow();
    assertThat(found.version()).isEqualTo(3);
    assertThat(found.revision()).isEqualTo(2);
    assertThat(
            ticketQueries()
                .findTicket(ticket.id(), CustomerScope.unrestricted())
                .orElseThrow()
                .revision())
        .isEqualTo(2);
  }

  @Test
  void a_ticket_read_before_a_change_reads_back_changed_after_it() {
    var ticket = openAndAdd(acme, OPENED_AT);
    var f = fixtures();
    assertThat(ticketQueries().findTicket(ticket.id(), CustomerScope.unrestricted()))
        .contains(ticket.snapshot());

    var changed =
        change(ticket, t -> t.assign(new Assignee("agent-ada"), f.by(AGENT, after(minutes(5)))));

    assertThat(ticketQueries().findTicket(ticket.id(), CustomerScope.unrestricted()))
        .contains(changed.snapshot());
    assertThat(ticketQueries().findTicket(ticket.id(), CustomerScope.confinedTo(acme)))
        .contains(changed.snapshot());
  }

  @Test
  void a_failed_change_stores_nothing() {
    var ticket = openAndAdd(acme, OPENED_AT);
    var f = fixtures();

    assertThatThrownBy(
            () ->
                change(
                    ticket,
                    t -> {
                      t.assign(new Assignee("agent-ada"), f.by(AGENT, after(minutes(5))));
                      t.addComment(
                          CommentVisibility.PUBLIC, "On it.", f.by(AGENT, after(minutes(5))));
                      throw new IllegalStateException("the caller changed its mind");
                    }))
        .hasMessage("the caller changed its mind");

    var found = tickets().find(ticket.id(), CustomerScope.unrestricted()).orElseThrow();
    assertThat(found.snapshot()).isEqualTo(ticket.snapshot());
    assertThat(outboxOf(ticket.id())).hasSize(1);
    assertThat(comments(ticket, CustomerScope.unrestricted(), true)).isEmpty();
  }

  @Test
  void a_change_that_changes_nothing_leaves_the_ticket_as_it_was() {
    var ticket = openAndAdd(acme, OPENED_AT);
    var f = fixtures();
    var assigned =
        change(ticket, t -> t.assign(new Assignee("agent-ada"), f.by(AGENT, after(minutes(5)))));

    change(ticket, t -> t.assign(new Assignee("agent-ada"), f.by(AGENT, after(minutes(9)))));

    var found = tickets().find(ticket.id(), CustomerScope.unrestricted()).orElseThrow();
    assertThat(found.snapshot()).isEqualTo(assigned.snapshot());
    assertThat(outboxOf(ticket.id())).hasSize(2);
  }

  // ---------------------------------------------------------------- comments

  @Test
  void comments_are_listed_oldest_first_and_internal_notes_only_when_asked_for() {
    var ticket = openAndAdd(acme, OPENED_AT);
    var f = fixtures();
    change(
        ticket,
        t -> t.addComment(CommentVisibility.PUBLIC, "On it.", f.by(AGENT, after(minutes(5)))));
    change(
        ticket,
        t ->
            t.addComment(
                CommentVisibility.INTERNAL, "Seal again?", f.by(AGENT, after(minutes(6)))));
    change(
        ticket,
        t ->
            t.addComment(
                CommentVisibility.PUBLIC,
                "Thanks.",
                f.by(Actor.customer(acme.value()), after(minutes(7)))));

    var all = comments(ticket, CustomerScope.unrestricted(), true);
    var publicOnly = comments(ticket, CustomerScope.confinedTo(acme), false);

    assertThat(all)
        .extracting(TicketComment::body)
        .containsExactly("On it.", "Seal again?", "Thanks.");
    assertThat(all.get(2).author()).isEqualTo(Actor.customer(acme.value()));
    assertThat(all.get(1).visibility()).isEqualTo(CommentVisibility.INTERNAL);
    assertThat(all.get(0).createTime()).isEqualTo(after(minutes(5)));
    assertThat(publicOnly).extracting(TicketComment::body).containsExactly("On it.", "Thanks.");
  }

  @Test
  void comments_page_through_with_cursors() {
    var ticket = openAndAdd(acme, OPENED_AT);
    var f = fixtures();
    for (int i = 1; i <= 5; i++) {
      int n = i;
      change(
          ticket,
          t ->
              t.addComment(
                  CommentVisibility.PUBLIC, "Update " + n, f.by(AGENT, after(minutes(n)))));
    }

    var bodies =
        walk(
                page ->
                    ticketQueries()
                        .listComments(ticket.id(), CustomerScope.unrestricted(), true, page)
                        .orElseThrow(),
                2)
            .stream()
            .map(TicketComment::body)
            .toList();

    assertThat(bodies).containsExactly("Update 1", "Update 2", "Update 3", "Update 4", "Update 5");
  }

  @Test
  void comments_of_another_customers_ticket_are_not_found() {
    var ticket = openAndAdd(acme, OPENED_AT);

    assertThat(
            ticketQueries()
                .listComments(
                    ticket.id(), CustomerScope.confinedTo(globex), false, PageRequest.first(10)))
        .isEmpty();
    assertThat(
            ticketQueries()
                .listComments(
                    ticket.id(), CustomerScope.confinedTo(acme), false, PageRequest.first(10)))
        .hasValueSatisfying(page -> assertThat(page.items()).isEmpty());
  }

  // ---------------------------------------------------------------- lists

  @Test
  void tickets_are_listed_newest_first_and_pages_stay_stable_while_tickets_are_added() {
    var opened = new ArrayList<Ticket>();
    for (int i = 0; i < 5; i++) {
      opened.add(openAndAdd(acme, after(minutes(i))));
    }
    var filter = TicketFilter.any().forCustomer(acme);

    var first =
        ticketQueries().listTickets(filter, CustomerScope.unrestricted(), PageRequest.first(2));
    openAndAdd(acme, after(minutes(60)));
    var rest =
        walkFrom(
            first,
            page -> ticketQueries().listTickets(filter, CustomerScope.unrestricted(), page),
            2);

    var walked = new ArrayList<TicketSnapshot>(first.items());
    walked.addAll(rest);
    assertThat(walked)
        .extracting(TicketSnapshot::id)
        .containsExactly(
            opened.get(4).id(),
            opened.get(3).id(),
            opened.get(2).id(),
            opened.get(1).id(),
            opened.get(0).id());
  }

  @Test
  void pages_of_different_sizes_with_the_same_filters_each_hold_their_own_size() {
    for (int i = 0; i < 4; i++) {
      openAndAdd(acme, after(minutes(i)));
    }
    var filter = TicketFilter.any().forCustomer(acme);
    Function<Integer, Page<TicketSnapshot>> firstPage =
        size ->
            ticketQueries()
                .listTickets(filter, CustomerScope.unrestricted(), PageRequest.first(size));

    assertThat(firstPage.apply(1).items()).hasSize(1);
    assertThat(firstPage.apply(3).items()).hasSize(3);
    assertThat(firstPage.apply(3).nextCursor()).isPresent();
    assertThat(firstPage.apply(4).items()).hasSize(4);
    assertThat(firstPage.apply(4).nextCursor()).isEmpty();
    assertThat(firstPage.apply(1).nextCursor()).isPresent();
  }

  @Test
  void the_last_page_has_no_next_cursor() {
    openAndAdd(acme, OPENED_AT);
    openAndAdd(acme, after(minutes(1)));

    var page =
        ticketQueries()
            .listTickets(
                TicketFilter.any().forCustomer(acme),
                CustomerScope.unrestricted(),
                PageRequest.first(2));

    assertThat(page.items()).hasSize(2);
    assertThat(page.nextCursor()).isEmpty();
  }

  @Test
  void lists_filter_by_customer_status_priority_and_assignee() {
    var f = fixtures();
    var fresh = openAndAdd(acme, OPENED_AT);
    var mine = openAndAdd(acme, after(minutes(1)));
    change(mine, t -> t.assign(new Assignee("agent-ada"), f.by(AGENT, after(minutes(2)))));
    var urgent = openAndAdd(acme, after(minutes(3)));
    change(
        urgent,
        t ->
            t.edit(
                TicketEdit.nothing().withPriority(TicketPriority.URGENT),
                f.policy(),
                f.by(AGENT, after(minutes(4)))));
    var globexTicket = openAndAdd(globex, after(minutes(5)));
    var scope = CustomerScope.unrestricted();

    assertThat(ids(TicketFilter.any().forCustomer(acme).withStatus(TicketStatus.NEW), scope))
        .containsExactly(urgent.id(), fresh.id());
    assertThat(ids(TicketFilter.any().forCustomer(acme).withStatus(TicketStatus.OPEN), scope))
        .containsExactly(mine.id());
    assertThat(ids(TicketFilter.any().forCustomer(acme).withPriority(TicketPriority.URGENT), scope))
        .containsExactly(urgent.id());
    assertThat(
            ids(TicketFilter.any().forCustomer(acme).assignedTo(new Assignee("agent-ada")), scope))
        .containsExactly(mine.id());
    assertThat(ids(TicketFilter.any().forCustomer(globex), scope))
        .containsExactly(globexTicket.id());
  }

  @Test
  void a_customer_scope_never_lists_another_customers_tickets() {
    var acmeTicket = openAndAdd(acme, OPENED_AT);
    openAndAdd(globex, after(minutes(1)));
    var acmeOnly = CustomerScope.confinedTo(acme);

    assertThat(ids(TicketFilter.any().forCustomer(globex), acmeOnly)).isEmpty();
    assertThat(ids(TicketFilter.any(), acmeOnly)).containsExactly(acmeTicket.id());
  }

  @Test
  void a_cursor_the_list_did_not_issue_is_invalid_input() {
    var invalid =
        assertThatExceptionOfType(InvalidInputException.class)
            .isThrownBy(
                () ->
                    ticketQueries()
                        .listTickets(
                            TicketFilter.any(),
                            CustomerScope.unrestricted(),
                            new PageRequest(10, Optional.of("not-a-cursor"))))
            .actual();

    assertThat(invalid.reason()).isEqualTo("INVALID_PAGE_TOKEN");
  }

  // ---------------------------------------------------------------- SLA scan

  @Test
  void
      the_breach_scan_finds_running_tickets_with_an_overdue_unrecorded_target_earliest_due_first() {
    // A year no other test uses, so the scan sees only the tickets below.
    var opened = Instant.parse("2001-05-07T08:00:00Z");
    var f = fixtures();
    var dueFirst = openAndAdd(acme, opened); // BASIC × NORMAL: 8 h / 5 days
    var dueSecond = openAndAdd(acme, opened.plus(minutes(30)));
    var answered = openAndAdd(acme, opened.plus(minutes(40)));
    change(
        answered,
        t ->
            t.addComment(
                CommentVisibility.PUBLIC, "On it.", f.by(AGENT, opened.plus(minutes(45)))));
    var waiting = openAndAdd(acme, opened.plus(minutes(50)));
    change(
        waiting, t -> t.assign(new Assignee("agent-ada"), f.by(AGENT, opened.plus(minutes(55)))));
    change(waiting, t -> t.markPending(f.by(AGENT, opened.plus(minutes(56)))));
    var alreadyRecorded = openAndAdd(acme, opened.plus(minutes(60)));
    change(
        alreadyRecorded, t -> t.detectBreaches(f.by(SCHEDULER, opened.plus(Duration.ofHours(10)))));
    var notYetDue = openAndAdd(acme, opened.plus(Duration.ofHours(4)));
    var now = opened.plus(Duration.ofHours(10));

    assertThat(tickets().findSlaBreachCandidates(now, 100))
        .containsExactly(dueFirst.id(), dueSecond.id());
    assertThat(tickets().findSlaBreachCandidates(now, 1)).containsExactly(dueFirst.id());
    assertThat(tickets().findSlaBreachCandidates(opened.plus(Duration.ofDays(6)), 100))
        .contains(
            dueFirst.id(), dueSecond.id(), answered.id(), alreadyRecorded.id(), notYetDue.id())
        .doesNotContain(waiting.id());
  }

  // ---------------------------------------------------------------- helpers

  private List<TicketComment> comments(
      Ticket ticket, CustomerScope scope, boolean includeInternal) {
    return walk(
        page ->
            ticketQueries().listComments(ticket.id(), scope, includeInternal, page).orElseThrow(),
        100);
  }

  private List<TicketId> ids(TicketFilter filter, CustomerScope scope) {
    return walk(page -> ticketQueries().listTickets(filter, scope, page), 100).stream()
        .map(TicketSnapshot::id)
        .toList();
  }

  private static <T> List<T> walk(Function<PageRequest, Page<T>> list, int pageSize) {
    var first = list.apply(PageRequest.first(pageSize));
    var all = new ArrayList<T>(first.items());
    all.addAll(walkFrom(first, list, pageSize));
    return all;
  }

  private static <T> List<T> walkFrom(
      Page<T> page, Function<PageRequest, Page<T>> list, int pageSize) {
    var items = new ArrayList<T>();
    var next = page.nextCursor();
    int guard = 0;
    while (next.isPresent()) {
      var following = list.apply(PageRequest.first(pageSize).after(next.get()));
      items.addAll(following.items());
      next = following.nextCursor();
      if (++guard > 1000) {
        throw new AssertionError("the list never ends");
      }
    }
    return items;
  }
}
