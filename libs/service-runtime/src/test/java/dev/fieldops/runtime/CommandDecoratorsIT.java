package dev.fieldops.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.jooq.IdempotencyStore;
import dev.fieldops.jooq.Transactor;
import dev.fieldops.kernel.AbandonedException;
import dev.fieldops.kernel.CommandDecorator;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.IdempotentCommand;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.KeyedCommand;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.Replayable;
import dev.fieldops.kernel.RequestKey;
import dev.fieldops.test.TestDatabase;
import io.grpc.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TransactionalCommands} and {@link IdempotentCommands} over a real database: the effect and
 * the stored response commit together, a retry answers the stored bytes, and the idempotency
 * decorator refuses to run outside the command's transaction.
 */
class CommandDecoratorsIT {

  private static final String OPEN_NOTE = "fieldops.test.v1.Notes/OpenNote";
  private static final Principal AGENT = new Principal.Staff("agent-7", Set.of());
  private static final Principal OTHER_AGENT = new Principal.Staff("agent-8", Set.of());

  private static TestDatabase testDatabase;
  private static Database database;
  private static Transactor transactor;

  private final AtomicInteger effects = new AtomicInteger();
  private TransactionalCommands transaction;
  private IdempotentCommands idempotent;

  /** A command as the tests' client sends it. */
  private record OpenNote(Principal principal, String body) implements IdempotentCommand {}

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
    database.dsl().execute("CREATE TABLE note (body text PRIMARY KEY)");
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
  void setUp() {
    database.dsl().execute("TRUNCATE note, idempotency_record");
    transaction = new TransactionalCommands(transactor);
    idempotent = new IdempotentCommands(transactor, new IdempotencyStore());
  }

  /** The repository's way of writing: join only. */
  private String writeNote(OpenNote command) {
    effects.incrementAndGet();
    transactor.joinedRun(tx -> tx.execute("INSERT INTO note VALUES (?)", command.body()));
    return "note:" + command.body();
  }

  private CommandHandler<KeyedCommand<OpenNote>, Replayable<String>> openNote() {
    return transaction.decorate(idempotent.decorate(OPEN_NOTE, this::writeNote, StringValue::of));
  }

  private static String response(Replayable<String> result) {
    return IdempotentCommands.response(result, StringValue::of, StringValue.parser()).getValue()
        + (result instanceof Replayable.Replayed ? " (stored)" : " (fresh)");
  }

  private static KeyedCommand<OpenNote> keyed(String requestId, Principal caller, String body) {
    return new KeyedCommand<>(
        new RequestKey(requestId, ("request " + body).getBytes(UTF_8)), new OpenNote(caller, body));
  }

  @Test
  void a_retry_answers_the_stored_response_and_changes_nothing() {
    var requestId = UUID.randomUUID().toString();

    var first = openNote().handle(keyed(requestId, AGENT, "printer on fire"));
    var retry = openNote().handle(keyed(requestId, AGENT, "printer on fire"));

    assertThat(response(first)).isEqualTo("note:printer on fire (fresh)");
    assertThat(response(retry)).isEqualTo("note:printer on fire (stored)");
    assertThat(effects).hasValue(1);
    assertThat(notes()).containsExactly("printer on fire");
  }

  @Test
  void the_same_request_id_from_another_caller_is_refused() {
    var requestId = UUID.randomUUID().toString();
    openNote().handle(keyed(requestId, AGENT, "printer on fire"));

    assertThatThrownBy(() -> openNote().handle(keyed(requestId, OTHER_AGENT, "printer on fire")))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.reason()).isEqualTo(IdempotencyStore.REQUEST_ID_REUSED));
    assertThat(effects).hasValue(1);
  }

  @Test
  void a_blank_request_id_runs_the_command_every_time() {
    openNote().handle(keyed("", AGENT, "first"));
    var second = openNote().handle(keyed("", AGENT, "second"));

    assertThat(second).isInstanceOf(Replayable.Fresh.class);
    assertThat(notes()).containsExactlyInAnyOrder("first", "second");
  }

  @Test
  void a_failing_command_leaves_neither_its_writes_nor_a_record() {
    var requestId = UUID.randomUUID().toString();
    CommandHandler<OpenNote, String> failing =
        command -> {
          writeNote(command);
          throw new IllegalStateException("boom");
        };
    var handler = transaction.decorate(idempotent.decorate(OPEN_NOTE, failing, StringValue::of));

    assertThatThrownBy(() -> handler.handle(keyed(requestId, AGENT, "lost"))).hasMessage("boom");

    assertThat(notes()).isEmpty();
    assertThat(database.dsl().fetchCount(database.dsl().selectFrom("idempotency_record"))).isZero();
    // Once the cause is gone the same request id runs the command.
    assertThat(response(openNote().handle(keyed(requestId, AGENT, "lost"))))
        .isEqualTo("note:lost (fresh)");
  }

  @Test
  void idempotency_outside_the_command_transaction_fails_loudly() {
    var undecorated = idempotent.decorate(OPEN_NOTE, this::writeNote, StringValue::of);

    assertThatThrownBy(
            () -> undecorated.handle(keyed(UUID.randomUUID().toString(), AGENT, "orphan")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("none is open");
    assertThat(effects).hasValue(0);
    assertThat(notes()).isEmpty();
  }

  @Test
  void work_deferred_after_commit_runs_once_the_command_committed_and_never_after_a_rollback() {
    List<String> seen = new ArrayList<>();
    CommandHandler<OpenNote, String> noticing =
        command -> {
          var view = writeNote(command);
          transaction.run(() -> seen.add(command.body() + " visible: " + notes()));
          if (command.body().equals("rolled back")) {
            throw new IllegalStateException("boom");
          }
          return view;
        };
    var handler = CommandDecorator.apply(noticing, List.of(transaction));

    handler.handle(new OpenNote(AGENT, "kept"));
    assertThatThrownBy(() -> handler.handle(new OpenNote(AGENT, "rolled back"))).hasMessage("boom");

    assertThat(seen).containsExactly("kept visible: [kept]");
  }

  @Test
  void deferring_work_outside_a_transaction_fails_loudly() {
    assertThatThrownBy(() -> transaction.run(() -> {})).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void a_command_whose_caller_left_while_it_ran_is_rolled_back_with_its_idempotency_record() {
    var requestId = UUID.randomUUID().toString();
    Context.CancellableContext call = Context.current().withCancellation();
    CommandHandler<KeyedCommand<OpenNote>, Replayable<String>> leftWhileRunning =
        transaction.decorate(
            idempotent.decorate(
                OPEN_NOTE,
                command -> {
                  String written = writeNote(command);
                  call.cancel(null); // the caller goes away after the write, before the commit
                  return written;
                },
                StringValue::of));

    assertThatThrownBy(
            () -> call.call(() -> leftWhileRunning.handle(keyed(requestId, AGENT, "late"))))
        .isInstanceOfSatisfying(
            AbandonedException.class,
            e -> {
              assertThat(e.why()).isEqualTo(AbandonedException.Why.CANCELLED);
              assertThat(e.reason()).isEqualTo("CALL_CANCELLED");
            });
    assertThat(effects).hasValue(1);
    assertThat(notes()).isEmpty();
    // Nothing remembered the request: sent again, it runs.
    var again = openNote().handle(keyed(requestId, AGENT, "late"));
    assertThat(response(again)).isEqualTo("note:late (fresh)");
    assertThat(notes()).containsExactly("late");
  }

  @Test
  void a_command_whose_deadline_passed_before_it_started_does_not_run() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try (Context.CancellableContext call =
        Context.current().withDeadlineAfter(1, TimeUnit.MILLISECONDS, timer)) {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(call::isCancelled);

      assertThatThrownBy(
              () ->
                  call.call(
                      () -> openNote().handle(keyed(UUID.randomUUID().toString(), AGENT, "x"))))
          .isInstanceOfSatisfying(
              AbandonedException.class,
              e -> assertThat(e.why()).isEqualTo(AbandonedException.Why.DEADLINE_PASSED));
    } finally {
      timer.shutdownNow();
    }
    assertThat(effects).hasValue(0);
    assertThat(notes()).isEmpty();
  }

  @Test
  void outside_a_call_a_command_commits_as_ever() {
    var result = openNote().handle(keyed(UUID.randomUUID().toString(), AGENT, "from a consumer"));

    assertThat(response(result)).isEqualTo("note:from a consumer (fresh)");
    assertThat(notes()).containsExactly("from a consumer");
  }

  private static List<String> notes() {
    return database.dsl().fetch("SELECT body FROM note ORDER BY body").getValues(0, String.class);
  }
}
