package dev.fieldops.jooq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.test.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdempotencyStoreIT {

  private static final String CREATE_TICKET =
      "fieldops.support.v1.CustomerSupportService/CreateTicket";
  private static final byte[] PRINTER_ON_FIRE =
      IdempotencyStore.fingerprint("acme".getBytes(UTF_8), "printer on fire".getBytes(UTF_8));
  private static final byte[] FREEZER_WARM =
      IdempotencyStore.fingerprint("acme".getBytes(UTF_8), "freezer warm".getBytes(UTF_8));

  private static TestDatabase testDatabase;
  private static Database database;
  private static Transactor transactor;

  private final IdempotencyStore store = new IdempotencyStore();
  private final AtomicInteger effects = new AtomicInteger();

  @BeforeAll
  static void startDatabase() {
    testDatabase = TestDatabase.create();
    database =
        Database.start(
            DatabaseConfig.forUrl(
                    testDatabase.jdbcUrl(), testDatabase.username(), testDatabase.password())
                .withMaximumPoolSize(4),
            List.of(IdempotencyStore.MIGRATIONS));
    transactor = database.transactor();
    database
        .dsl()
        .execute("CREATE TABLE ticket (ticket_id uuid PRIMARY KEY, subject text NOT NULL)");
  }

  @AfterAll
  static void stopDatabase() {
    if (database != null) {
      database.close();
    }
    if (testDatabase != null) {
      testDatabase.close();
    }
  }

  @BeforeEach
  void emptyTables() {
    database.dsl().execute("TRUNCATE ticket, idempotency_record");
  }

  /** The effect of CreateTicket: one ticket row, and its id as the response. */
  private Supplier<byte[]> openTicket(org.jooq.DSLContext tx, String subject) {
    return () -> {
      effects.incrementAndGet();
      UUID ticketId = UUID.randomUUID();
      tx.execute("INSERT INTO ticket VALUES (?, ?)", ticketId, subject);
      return ticketId.toString().getBytes(UTF_8);
    };
  }

  private byte[] createTicket(String requestId, byte[] fingerprint, String subject) {
    return transactor.inTransaction(
        tx -> store.execute(tx, CREATE_TICKET, requestId, fingerprint, openTicket(tx, subject)));
  }

  @Test
  void the_same_request_sent_twice_has_one_effect_and_the_same_response() {
    String requestId = UUID.randomUUID().toString();

    byte[] first = createTicket(requestId, PRINTER_ON_FIRE, "printer on fire");
    byte[] retry = createTicket(requestId, PRINTER_ON_FIRE, "printer on fire");

    assertThat(retry).isEqualTo(first);
    assertThat(effects).hasValue(1);
    assertThat(ticketCount()).isEqualTo(1L);
  }

  @Test
  void the_same_request_id_with_different_content_is_refused_and_changes_nothing() {
    String requestId = UUID.randomUUID().toString();
    createTicket(requestId, PRINTER_ON_FIRE, "printer on fire");

    assertRequestIdReused(() -> createTicket(requestId, FREEZER_WARM, "freezer warm"));
    assertThat(effects).hasValue(1);
    assertThat(Sql.values(database.dsl(), String.class, "SELECT subject FROM ticket"))
        .containsExactly("printer on fire");
  }

  @Test
  void the_same_request_id_for_another_operation_is_refused() {
    String requestId = UUID.randomUUID().toString();
    createTicket(requestId, PRINTER_ON_FIRE, "printer on fire");

    assertRequestIdReused(
        () ->
            transactor.inTransaction(
                tx ->
                    store.execute(
                        tx,
                        "fieldops.invoicing.v1.InvoicingService/CreateInvoice",
                        requestId,
                        PRINTER_ON_FIRE,
                        openTicket(tx, "printer on fire"))));
    assertThat(effects).hasValue(1);
  }

  @Test
  void two_concurrent_first_calls_have_one_effect_and_share_its_response() throws Exception {
    String requestId = UUID.randomUUID().toString();
    CountDownLatch firstEffectStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);

    try (ExecutorService callers = Executors.newFixedThreadPool(2)) {
      var first =
          CompletableFuture.supplyAsync(
              () ->
                  transactor.inTransaction(
                      tx ->
                          store.execute(
                              tx,
                              CREATE_TICKET,
                              requestId,
                              PRINTER_ON_FIRE,
                              () -> {
                                firstEffectStarted.countDown();
                                awaitLatch(releaseFirst);
                                return openTicket(tx, "printer on fire").get();
                              })),
              callers);
      assertThat(firstEffectStarted.await(10, TimeUnit.SECONDS)).isTrue();

      var second =
          CompletableFuture.supplyAsync(
              () -> createTicket(requestId, PRINTER_ON_FIRE, "printer on fire"), callers);
      // The second caller must be parked on the first one's record, not racing past it.
      await().atMost(Duration.ofSeconds(10)).until(() -> sessionsWaitingOnALock() == 1);
      releaseFirst.countDown();

      byte[] firstResponse = first.get(10, TimeUnit.SECONDS);
      byte[] secondResponse = second.get(10, TimeUnit.SECONDS);
      assertThat(secondResponse).isEqualTo(firstResponse);
    }
    assertThat(effects).hasValue(1);
    assertThat(ticketCount()).isEqualTo(1L);
  }

  @Test
  void a_concurrent_call_runs_the_effect_itself_when_the_first_attempt_rolls_back()
      throws Exception {
    String requestId = UUID.randomUUID().toString();
    CountDownLatch firstEffectStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);

    try (ExecutorService callers = Executors.newFixedThreadPool(2)) {
      var first =
          CompletableFuture.runAsync(
              () ->
                  transactor.run(
                      tx ->
                          store.execute(
                              tx,
                              CREATE_TICKET,
                              requestId,
                              PRINTER_ON_FIRE,
                              () -> {
                                openTicket(tx, "printer on fire").get();
                                firstEffectStarted.countDown();
                                awaitLatch(releaseFirst);
                                throw new RuleViolationException("CUSTOMER_SUSPENDED", "suspended");
                              })),
              callers);
      assertThat(firstEffectStarted.await(10, TimeUnit.SECONDS)).isTrue();
      var second =
          CompletableFuture.supplyAsync(
              () -> createTicket(requestId, PRINTER_ON_FIRE, "printer on fire"), callers);
      await().atMost(Duration.ofSeconds(10)).until(() -> sessionsWaitingOnALock() == 1);
      releaseFirst.countDown();

      assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(RuleViolationException.class);
      byte[] secondResponse = second.get(10, TimeUnit.SECONDS);
      assertThat(Sql.values(database.dsl(), String.class, "SELECT ticket_id::text FROM ticket"))
          .containsExactly(new String(secondResponse, UTF_8));
    }
    assertThat(effects).hasValue(2);
  }

  @Test
  void a_failed_effect_leaves_no_record_so_a_retry_runs_it_again() {
    String requestId = UUID.randomUUID().toString();

    assertThatThrownBy(
            () ->
                transactor.run(
                    tx ->
                        store.execute(
                            tx,
                            CREATE_TICKET,
                            requestId,
                            PRINTER_ON_FIRE,
                            () -> {
                              throw new RuleViolationException("CUSTOMER_SUSPENDED", "suspended");
                            })))
        .isInstanceOf(RuleViolationException.class);
    createTicket(requestId, PRINTER_ON_FIRE, "printer on fire");

    assertThat(effects).hasValue(1);
    assertThat(ticketCount()).isEqualTo(1L);
  }

  @Test
  void a_caller_that_swallows_the_effects_failure_and_commits_leaves_no_record_behind() {
    String requestId = UUID.randomUUID().toString();

    transactor.run(
        tx -> {
          try {
            store.execute(
                tx,
                CREATE_TICKET,
                requestId,
                PRINTER_ON_FIRE,
                () -> {
                  throw new RuleViolationException("CUSTOMER_SUSPENDED", "suspended");
                });
          } catch (RuleViolationException expected) {
            // the caller records the refusal elsewhere and commits
          }
        });

    assertThat(recordCount()).isZero();
    createTicket(requestId, PRINTER_ON_FIRE, "printer on fire");
    assertThat(effects).hasValue(1);
  }

  @Test
  void without_a_request_id_every_call_has_its_effect_and_nothing_is_recorded() {
    createTicket("", PRINTER_ON_FIRE, "printer on fire");
    createTicket("", PRINTER_ON_FIRE, "printer on fire");

    assertThat(effects).hasValue(2);
    assertThat(recordCount()).isZero();
  }

  @Test
  void a_request_id_that_is_not_a_uuid_is_invalid_input() {
    assertThatThrownBy(() -> createTicket("retry-1", PRINTER_ON_FIRE, "printer on fire"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("INVALID_REQUEST_ID");
              assertThat(e.violations().getFirst().field()).isEqualTo("request_id");
            });
    assertThat(effects).hasValue(0);
  }

  @Test
  void the_same_request_id_twice_in_one_transaction_is_a_programming_error() {
    String requestId = UUID.randomUUID().toString();

    assertThatThrownBy(
            () ->
                transactor.run(
                    tx -> {
                      store.execute(
                          tx,
                          CREATE_TICKET,
                          requestId,
                          PRINTER_ON_FIRE,
                          () ->
                              store.execute(
                                  tx,
                                  CREATE_TICKET,
                                  requestId,
                                  PRINTER_ON_FIRE,
                                  openTicket(tx, "nested")));
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(effects).hasValue(0);
  }

  @Test
  void purging_removes_only_records_older_than_the_retention() {
    String old = UUID.randomUUID().toString();
    String recent = UUID.randomUUID().toString();
    createTicket(old, PRINTER_ON_FIRE, "printer on fire");
    createTicket(recent, FREEZER_WARM, "freezer warm");
    database
        .dsl()
        .execute(
            "UPDATE idempotency_record SET create_time = now() - interval '25 hours' WHERE"
                + " request_id = ?::uuid",
            old);

    int purged = store.purgeExpired(database.dsl(), IdempotencyStore.DEFAULT_RETENTION);

    assertThat(purged).isEqualTo(1);
    assertThat(
            Sql.values(
                database.dsl(), String.class, "SELECT request_id::text FROM idempotency_record"))
        .containsExactly(recent);
  }

  private static void assertRequestIdReused(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("REQUEST_ID_REUSED");
              assertThat(e.violations())
                  .singleElement()
                  .satisfies(v -> assertThat(v.field()).isEqualTo("request_id"));
            });
  }

  private static long ticketCount() {
    return Sql.value(database.dsl(), Long.class, "SELECT count(*) FROM ticket");
  }

  private static long recordCount() {
    return Sql.value(database.dsl(), Long.class, "SELECT count(*) FROM idempotency_record");
  }

  private static long sessionsWaitingOnALock() {
    return Sql.value(
        database.dsl(),
        Long.class,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND"
            + " wait_event_type = 'Lock'");
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the effect");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
