package dev.fieldops.support.adapter.postgres;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.GLOBEX;
import static dev.fieldops.support.domain.ticket.TicketFixtures.tickets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.ticket.Assignee;
import dev.fieldops.support.domain.ticket.Ticket;
import dev.fieldops.support.domain.ticket.TicketFixtures;
import dev.fieldops.support.domain.ticket.TicketSnapshot;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
}
