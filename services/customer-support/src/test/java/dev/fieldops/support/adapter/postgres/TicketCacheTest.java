package dev.fieldops.support.adapter.postgres;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.GLOBEX;
import static dev.fieldops.support.domain.ticket.TicketFixtures.tickets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.ticket.Assignee;
import dev.fieldops.support.domain.ticket.Ticket;
import dev.fieldops.support.domain.ticket.TicketFixtures;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The cache's bookkeeping, told by hand what its listener would hear. */
class TicketCacheTest {

  private final TicketFixtures fixtures = tickets();
  private final TicketSnapshot opened = fixtures.newTicketFor(ACME).snapshot();
  private final TicketSnapshot assigned = assignedVersionOf(opened);
  private final AtomicInteger databaseReads = new AtomicInteger();
  private final CustomerScope staff = CustomerScope.unrestricted();

  private Supplier<Optional<TicketSnapshot>> database(TicketSnapshot stored) {
    return () -> {
      databaseReads.incrementAndGet();
      return Optional.of(stored);
    };
  }

  private static TicketSnapshot assignedVersionOf(TicketSnapshot snapshot) {
    var ticket = Ticket.restore(snapshot);
    ticket.assign(new Assignee("agent-ada"), tickets().agentAfter(TicketFixtures.ASSIGNED_AFTER));
    return ticket.snapshot();
  }

  private TicketCache hearingCache() {
    var cache = TicketCache.withoutListener(100);
    cache.startedHearing();
    return cache;
  }

  @Test
  void a_ticket_read_once_is_read_from_memory_afterwards() {
    var cache = hearingCache();

    assertThat(cache.get(opened.id(), staff, database(opened))).contains(opened);
    assertThat(cache.get(opened.id(), staff, database(opened))).contains(opened);

    assertThat(databaseReads).hasValue(1);
  }

  @Test
  void an_announced_change_drops_the_older_snapshot() {
    var cache = hearingCache();
    cache.get(opened.id(), staff, database(opened));

    cache.announced(opened.id() + " " + assigned.version());

    assertThat(cache.get(opened.id(), staff, database(assigned))).contains(assigned);
    assertThat(databaseReads).hasValue(2);
  }

  @Test
  void an_announcement_of_the_kept_version_keeps_it() {
    var cache = hearingCache();
    cache.get(assigned.id(), staff, database(assigned));

    // This instance dropped the old copy at commit; the trigger's announcement comes later.
    cache.changed(assigned.id(), assigned.version());

    assertThat(cache.get(assigned.id(), staff, database(assigned))).contains(assigned);
    assertThat(databaseReads).hasValue(1);
  }

  @Test
  void a_deletion_drops_the_ticket() {
    var cache = hearingCache();
    cache.get(opened.id(), staff, database(opened));

    cache.announced(opened.id() + " deleted");

    assertThat(cache.get(opened.id(), staff, Optional::empty)).isEmpty();
  }

  @Test
  void a_read_that_may_predate_a_change_announced_during_it_is_not_kept() {
    var cache = hearingCache();

    // The database answered with the old version, and the change commits before it is kept.
    var answer =
        cache.get(
            opened.id(),
            staff,
            () -> {
              databaseReads.incrementAndGet();
              cache.announced(opened.id() + " " + assigned.version());
              return Optional.of(opened);
            });

    assertThat(answer).contains(opened);
    assertThat(cache.get(opened.id(), staff, database(assigned))).contains(assigned);
    assertThat(databaseReads).hasValue(2);
  }

  @Test
  void another_customer_does_not_see_a_kept_ticket() {
    var cache = hearingCache();
    cache.get(opened.id(), staff, database(opened));

    assertThat(cache.get(opened.id(), CustomerScope.confinedTo(GLOBEX), database(opened)))
        .isEmpty();
    assertThat(cache.get(opened.id(), CustomerScope.confinedTo(ACME), database(opened)))
        .contains(opened);
    assertThat(databaseReads).hasValue(1);
  }

  @Test
  void nothing_is_served_or_kept_while_announcements_may_be_missed() {
    var cache = hearingCache();
    cache.get(opened.id(), staff, database(opened));

    cache.stoppedHearing();
    assertThat(cache.serving()).isFalse();
    assertThat(cache.get(opened.id(), staff, database(assigned))).contains(assigned);
    assertThat(cache.get(opened.id(), staff, database(assigned))).contains(assigned);
    assertThat(databaseReads).hasValue(3);

    cache.startedHearing();
    assertThat(cache.size()).isZero();
    assertThat(cache.get(opened.id(), staff, database(assigned))).contains(assigned);
    assertThat(cache.get(opened.id(), staff, database(assigned))).contains(assigned);
    assertThat(databaseReads).hasValue(4);
  }

  @Test
  void a_read_that_began_before_the_listener_came_back_is_not_kept() {
    var cache = hearingCache();

    cache.get(
        opened.id(),
        staff,
        () -> {
          databaseReads.incrementAndGet();
          // The connection dropped and came back while the database answered: changes in
          // between were not heard.
          cache.stoppedHearing();
          cache.startedHearing();
          return Optional.of(opened);
        });

    assertThat(cache.size()).isZero();
  }

  @Test
  void a_malformed_announcement_changes_nothing() {
    var cache = hearingCache();
    cache.get(opened.id(), staff, database(opened));

    cache.announced("not-a-ticket 7");
    cache.announced(opened.id() + " seven");
    cache.announced("");

    assertThat(cache.get(opened.id(), staff, database(opened))).contains(opened);
    assertThat(databaseReads).hasValue(1);
  }

  @Test
  void a_disabled_cache_always_reads_the_database() {
    var cache = TicketCache.disabled();

    cache.get(opened.id(), staff, database(opened));
    cache.get(opened.id(), staff, database(opened));
    cache.changed(opened.id(), 5);

    assertThat(cache.serving()).isFalse();
    assertThat(databaseReads).hasValue(2);
  }

  // ---------------------------------------------------------------- listings (ListTickets)

  private final TicketSnapshot other = fixtures.newTicketFor(GLOBEX).snapshot();
  private final List<List<TicketId>> databaseLoads = new ArrayList<>();

  private Function<List<TicketId>, List<TicketSnapshot>> rows(TicketSnapshot... stored) {
    return ids -> {
      databaseLoads.add(List.copyOf(ids));
      return Stream.of(stored).filter(t -> ids.contains(t.id())).toList();
    };
  }

  private static TicketCache.Listed at(TicketSnapshot ticket) {
    return new TicketCache.Listed(ticket.id(), ticket.version());
  }

  @Test
  void listed_tickets_kept_at_the_listed_versions_come_from_memory_in_the_listing_order() {
    var cache = hearingCache();
    cache.get(opened.id(), staff, database(opened));
    cache.get(other.id(), staff, database(other));

    assertThat(cache.getAll(List.of(at(other), at(opened)), rows()))
        .contains(List.of(other, opened));
    assertThat(databaseLoads).isEmpty();
  }

  @Test
  void listed_tickets_not_kept_at_the_listed_version_are_read_by_id_and_kept() {
    var cache = hearingCache();
    cache.get(opened.id(), staff, database(opened)); // kept at the version before the assignment

    // The database answers in its own order; the page keeps the listing's.
    assertThat(cache.getAll(List.of(at(assigned), at(other)), rows(other, assigned)))
        .contains(List.of(assigned, other));
    assertThat(databaseLoads).containsExactly(List.of(assigned.id(), other.id()));

    assertThat(cache.getAll(List.of(at(assigned), at(other)), rows()))
        .contains(List.of(assigned, other));
    assertThat(databaseLoads).hasSize(1);
  }

  @Test
  void a_ticket_that_changed_or_went_after_the_listing_makes_the_listing_unanswered() {
    var cache = hearingCache();

    // Listed at the version before the assignment; read by id after it.
    assertThat(cache.getAll(List.of(at(opened), at(other)), rows(assigned, other))).isEmpty();
    // Listed, then deleted before it was read.
    var gone = fixtures.newTicketFor(ACME).snapshot();
    assertThat(cache.getAll(List.of(at(other), at(gone)), rows(other))).isEmpty();
    // What was read is kept all the same: it is the current row.
    assertThat(cache.getAll(List.of(at(assigned)), rows())).contains(List.of(assigned));
  }

  @Test
  void a_listing_read_that_may_predate_an_announced_change_is_not_kept() {
    var cache = hearingCache();

    var page =
        cache.getAll(
            List.of(at(opened)),
            ids -> {
              databaseLoads.add(ids);
              cache.announced(opened.id() + " " + assigned.version());
              return List.of(opened);
            });

    assertThat(page).contains(List.of(opened));
    assertThat(cache.size()).isZero();
  }

  @Test
  void nothing_is_listed_from_memory_while_announcements_may_be_missed() {
    var cache = hearingCache();
    cache.get(opened.id(), staff, database(opened));
    cache.stoppedHearing();

    assertThat(cache.getAll(List.of(at(opened)), rows(opened))).isEmpty();
    assertThat(TicketCache.disabled().getAll(List.of(at(opened)), rows(opened))).isEmpty();
    assertThat(databaseLoads).isEmpty();
  }

  @Test
  void its_meters_count_hits_and_misses_rereads_and_whether_it_serves() {
    var registry = new SimpleMeterRegistry();
    var cache = hearingCache().registerMeters(registry);

    cache.get(opened.id(), staff, database(opened));
    cache.get(opened.id(), staff, database(opened));
    cache.getAll(List.of(at(other)), rows(fixtures.newTicketFor(GLOBEX).snapshot()));

    assertThat(
            registry
                .get("cache.gets")
                .tags("cache", "tickets", "result", "hit")
                .functionCounter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("cache.gets")
                .tags("cache", "tickets", "result", "miss")
                .functionCounter()
                .count())
        .isEqualTo(2);
    assertThat(registry.get("fieldops.support.ticket.cache.rereads").functionCounter().count())
        .isEqualTo(1);
    assertThat(registry.get("fieldops.support.ticket.cache.serving").gauge().value()).isEqualTo(1);

    cache.stoppedHearing();

    assertThat(registry.get("fieldops.support.ticket.cache.serving").gauge().value()).isZero();
    assertThat(
            registry
                .get("fieldops.support.ticket.cache.connections.lost")
                .functionCounter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void a_cache_serving_listings_only_reads_every_single_ticket_and_keeps_it_for_listings() {
    var cache = TicketCache.withoutListener(100, TicketCache.Serves.LISTINGS);
    cache.startedHearing();

    assertThat(cache.get(opened.id(), staff, database(opened))).contains(opened);
    assertThat(cache.get(opened.id(), staff, database(opened))).contains(opened);
    assertThat(databaseReads).hasValue(2);

    assertThat(cache.getAll(List.of(at(opened)), rows())).contains(List.of(opened));
    assertThat(databaseLoads).isEmpty();
  }
}
