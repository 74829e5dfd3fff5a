package dev.fieldops.support.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.fieldops.kernel.UuidV7;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.support.application.query.TicketFilter;
import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.ticket.TicketFixtures;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The ticket cache against PostgreSQL: changes it did not see being made (another instance, a
 * hand-written statement) reach it through the trigger's announcements, and a lost listen
 * connection never leaves it serving what it may have missed.
 */
class TicketCacheIT {

  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private static SupportStore store;

  private final CustomerId acme =
      CustomerId.of("acme-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36));
  private final UuidV7 ids = UuidV7.systemUtc();

  @BeforeAll
  static void startDatabase() {
    store = SupportStore.start(1_000);
  }

  @AfterAll
  static void dropDatabase() {
    store.close();
  }

  private TicketSnapshot storedTicket() {
    var ticket =
        new TicketFixtures(store.ticketNumbers, ids::next)
            .open(TicketFixtures.draftFor(acme), SupportTier.BASIC, TicketFixtures.OPENED_AT);
    store.tickets.add(ticket);
    return ticket.snapshot();
  }

  private TicketSnapshot read(TicketId id) {
    return store.ticketQueries.findTicket(id, CustomerScope.unrestricted()).orElseThrow();
  }

  /** A change made behind this instance's back, as another instance or an operator would. */
  private static void changeSubjectElsewhere(TicketId id, String subject) {
    store
        .database
        .dsl()
        .execute(
            "update ticket set subject = ?, version = version + 1 where ticket_id = ?",
            subject,
            id.value());
  }

  @Test
  void a_change_made_elsewhere_reaches_the_cache_through_the_announcement() {
    var ticket = storedTicket();
    assertThat(read(ticket.id())).isEqualTo(ticket);
    assertThat(store.ticketCache.size()).isPositive();

    changeSubjectElsewhere(ticket.id(), "Freezer 3 fixed by the night shift");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              var now = read(ticket.id());
              assertThat(now.subject()).isEqualTo("Freezer 3 fixed by the night shift");
              assertThat(now.version()).isEqualTo(ticket.version() + 1);
            });
  }

  /**
   * A change of {@code id} that nobody hears: the trigger that announces changes is off for its
   * transaction. {@code bumpVersion} false breaks the rule every writer keeps (each change counts a
   * version), which only a test does: then the row is the kept version with another subject.
   */
  private static void changeSubjectUnannounced(TicketId id, String subject, boolean bumpVersion) {
    store
        .database
        .transactor()
        .run(
            tx -> {
              tx.execute("alter table ticket disable trigger ticket_change_notify");
              tx.execute(
                  "update ticket set subject = ?"
                      + (bumpVersion ? ", version = version + 1" : "")
                      + " where ticket_id = ?",
                  subject,
                  id.value());
              tx.execute("alter table ticket enable trigger ticket_change_notify");
            });
  }

  private List<TicketSnapshot> listAcme() {
    return store
        .ticketQueries
        .listTickets(
            TicketFilter.any().forCustomer(acme),
            CustomerScope.unrestricted(),
            PageRequest.first(10))
        .items();
  }

  @Test
  void a_listing_shows_a_change_whose_announcement_never_came() {
    var ticket = storedTicket();
    read(ticket.id());

    changeSubjectUnannounced(ticket.id(), "Changed without a word", true);

    // GetTicket answers from memory until an announcement comes; a listing reads the versions.
    assertThat(read(ticket.id()).subject()).isEqualTo(ticket.subject());
    assertThat(listAcme())
        .singleElement()
        .satisfies(
            listed -> {
              assertThat(listed.subject()).isEqualTo("Changed without a word");
              assertThat(listed.version()).isEqualTo(ticket.version() + 1);
            });
  }

  @Test
  void a_listing_takes_a_ticket_kept_at_the_listed_version_from_memory() {
    var ticket = storedTicket();
    read(ticket.id());

    changeSubjectUnannounced(ticket.id(), "Not what the cache keeps", false);

    assertThat(listAcme()).containsExactly(ticket);
  }

  @Test
  void a_rolled_back_change_announces_nothing_and_leaves_the_kept_ticket() {
    var ticket = storedTicket();
    read(ticket.id());

    try {
      store
          .database
          .transactor()
          .run(
              tx -> {
                tx.execute(
                    "update ticket set subject = 'never' , version = version + 1 where ticket_id = ?",
                    ticket.id().value());
                throw new IllegalStateException("roll back");
              });
    } catch (IllegalStateException expected) {
      // rolled back
    }

    assertThat(read(ticket.id())).isEqualTo(ticket);
  }

  @Test
  void a_change_made_while_the_listen_connection_was_lost_is_not_missed() {
    var ticket = storedTicket();
    read(ticket.id());

    long lostBefore = store.ticketCache.connectionsLost();
    // Cut the listen connection (waiting until its server process is gone), then change the
    // ticket, most likely before the cache listens again.
    store
        .database
        .dsl()
        .execute(
            "select pg_terminate_backend(pid, 5000) from pg_stat_activity"
                + " where application_name = 'fieldops-listen-"
                + TicketCache.CHANNEL
                + "'"
                + " and datname = current_database()");
    changeSubjectElsewhere(ticket.id(), "Changed while nobody listened");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(read(ticket.id()).subject()).isEqualTo("Changed while nobody listened"));
    await().atMost(PATIENCE).until(() -> store.ticketCache.connectionsLost() > lostBefore);
    await().atMost(PATIENCE).until(store.ticketCache::serving);
    assertThat(read(ticket.id()).subject()).isEqualTo("Changed while nobody listened");
  }

  @Test
  void closing_the_cache_is_a_clean_stop_and_not_a_lost_connection() {
    var cache = TicketCache.start(10, store.database.config());
    var logger = (Logger) LoggerFactory.getLogger(TicketCache.class);
    var events = new ListAppender<ILoggingEvent>();
    events.start();
    logger.addAppender(events);
    Level configured = logger.getLevel();
    logger.setLevel(Level.INFO); // tests log warnings only: hear the clean stop's message too
    try {
      await().atMost(PATIENCE).until(cache::serving);

      cache.close();

      assertThat(cache.serving()).isFalse();
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  events.list.stream()
                      .anyMatch(
                          event -> event.getFormattedMessage().startsWith("ticket cache closed")));
      assertThat(events.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN));
      assertThat(cache.connectionsLost()).isZero();
    } finally {
      logger.setLevel(configured);
      logger.detachAppender(events);
      cache.close();
    }
  }
}
