package dev.fieldops.jooq;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.Isolation;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConnectionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a unit of work in one database transaction, so that everything a use case writes (the
 * aggregate, its outbox rows, the idempotency record) commits or rolls back together.
 *
 * <p>A call made while a transaction of this transactor is already open on the current thread joins
 * it: no new transaction and no savepoint, so an outer idempotency wrapper, a repository update and
 * an outbox write share one commit, and a failure anywhere rolls all of them back ({@link
 * #joinedUnderSavepoint} is the one way to undo a part and go on). Only the outermost call commits,
 * and only it retries: when the transaction fails with a serialization failure or a deadlock
 * (SQLState 40001, 40P01) the whole work runs again, a bounded number of times with a short
 * jittered backoff, and the last failure is rethrown after that. The work must therefore have no
 * effect outside the database; what has to happen once the data is durable goes to {@link
 * #afterCommit(Runnable)}.
 *
 * <p>The work must use the {@link DSLContext} it is given (or {@link #current()}): a query through
 * any other context runs on another connection, outside the transaction.
 *
 * <p>Who opens a transaction, one rule for every service: the owner of a unit of work opens it with
 * {@link #inTransaction} — the command decorator ({@code TransactionalCommands}) for every command,
 * an event consumer's runner for its inbox transaction, a job or a hot path for the batch it
 * commits on its own. Repositories and other write adapters never open one: their writes go through
 * {@link #joined}, which fails loudly when no owner has opened a transaction, so that a command
 * whose writes would otherwise commit one by one is found at once instead of after a partial
 * failure. Read-only query adapters neither open nor require one: they read through {@link
 * #current()} when a transaction is open (to see its own writes) and through the plain {@link
 * DSLContext} (auto-commit, one statement) otherwise.
 *
 * <p>Traces: being the single owner of transactions, the transactor is where each one gets its span
 * ({@value #SPAN_NAME}, kind CLIENT, {@code db.system.name=postgresql}): one per outermost
 * transaction, over all its attempts (a retry is an event on it), current while the work runs, so
 * that the outbox rows written inside carry it as their trace context. Joining work gets none.
 */
public final class Transactor {

  /** Attempts of one outermost transaction, the first included. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  /** The name of a transaction's span. */
  public static final String SPAN_NAME = "db.transaction";

  /** The instrumentation scope of the transactions' spans. */
  public static final String TRACER_SCOPE = "dev.fieldops.jooq";

  private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
  private static final AttributeKey<String> ISOLATION =
      AttributeKey.stringKey("fieldops.db.isolation");
  private static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("fieldops.db.attempts");

  private static final Logger log = LoggerFactory.getLogger(Transactor.class);
  private static final long BACKOFF_BASE_MILLIS = 5;
  private static final long BACKOFF_CAP_MILLIS = 100;

  private final DSLContext dsl;
  private final int maxAttempts;
  private final Tracer tracer;
  private final ThreadLocal<OpenTransaction> open = new ThreadLocal<>();

  private static final class OpenTransaction {
    final Connection connection;
    final DSLContext dsl;
    final Isolation isolation;
    final List<Runnable> afterCommit = new ArrayList<>();

    OpenTransaction(Connection connection, DSLContext dsl, Isolation isolation) {
      this.connection = connection;
      this.dsl = dsl;
      this.isolation = isolation;
    }
  }

  /** A transactor over {@code dsl}'s connection provider, with {@link #DEFAULT_MAX_ATTEMPTS}. */
  public Transactor(DSLContext dsl) {
    this(dsl, DEFAULT_MAX_ATTEMPTS);
  }

  public Transactor(DSLContext dsl, int maxAttempts) {
    this(dsl, maxAttempts, OpenTelemetry.noop().getTracer(TRACER_SCOPE));
  }

  /** A transactor whose transactions each get a span of {@code tracer}. */
  public Transactor(DSLContext dsl, int maxAttempts, Tracer tracer) {
    this.dsl = Objects.requireNonNull(dsl, "dsl");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    this.tracer = Objects.requireNonNull(tracer, "tracer");
  }

  /**
   * Runs {@code work} in a READ COMMITTED transaction (or the one already open) and returns its
   * result.
   */
  public <T> T inTransaction(Function<DSLContext, T> work) {
    return inTransaction(Isolation.READ_COMMITTED, work);
  }

  /**
   * Runs {@code work} in a transaction of the given isolation, or joins the one already open on
   * this thread if that one is at least as strict.
   *
   * @throws IllegalStateException if the open transaction is weaker than {@code isolation}: the
   *     work would silently lose the guarantee it asked for
   */
  public <T> T inTransaction(Isolation isolation, Function<DSLContext, T> work) {
    Objects.requireNonNull(isolation, "isolation");
    Objects.requireNonNull(work, "work");
    OpenTransaction joined = open.get();
    if (joined != null) {
      if (strength(isolation) > strength(joined.isolation)) {
        throw new IllegalStateException(
            "cannot run "
                + isolation
                + " work inside an open "
                + joined.isolation
                + " transaction; start the outermost transaction with "
                + isolation);
      }
      return work.apply(joined.dsl);
    }
    Span span = tracer.spanBuilder(SPAN_NAME).setSpanKind(SpanKind.CLIENT).startSpan();
    if (span.isRecording()) {
      // Only a sampled span keeps attributes: an unsampled one would build them to drop them.
      span.setAttribute(DB_SYSTEM, "postgresql");
      span.setAttribute(ISOLATION, isolation.name());
    }
    Committed<T> committed;
    try (Scope scope = span.makeCurrent()) {
      committed = attempts(isolation, work, span);
    } catch (RuntimeException | Error failure) {
      span.recordException(failure);
      span.setStatus(StatusCode.ERROR);
      throw failure;
    } finally {
      span.end();
    }
    // Outside the transaction's span: what follows the commit belongs to the caller's.
    runAfterCommit(committed.afterCommit());
    return committed.result();
  }

  private record Committed<T>(T result, List<Runnable> afterCommit) {}

  private <T> Committed<T> attempts(Isolation isolation, Function<DSLContext, T> work, Span span) {
    for (int attempt = 1; ; attempt++) {
      OpenTransaction[] committed = new OpenTransaction[1];
      T result;
      try {
        result = runOnce(isolation, work, committed);
      } catch (RuntimeException failure) {
        if (!SqlFailures.isRetryableConflict(failure)) {
          throw failure;
        }
        span.setAttribute(ATTEMPTS, attempt);
        if (attempt >= maxAttempts) {
          log.warn(
              "transaction gave up after {} attempts on SQLState {}",
              attempt,
              SqlFailures.sqlState(failure).orElse("?"));
          throw failure;
        }
        log.debug(
            "transaction attempt {} hit SQLState {}; retrying",
            attempt,
            SqlFailures.sqlState(failure).orElse("?"));
        span.addEvent("retry");
        backOff(attempt, failure);
        continue;
      }
      span.setAttribute(ATTEMPTS, attempt);
      return new Committed<>(result, committed[0].afterCommit);
    }
  }

  /**
   * Runs {@code work} in the transaction already open on this thread, never in one of its own: what
   * a repository's write path uses, so that the transaction belongs to whoever owns the unit of
   * work (see the class comment).
   *
   * @throws IllegalStateException if no transaction of this transactor is open on this thread
   */
  public <T> T joined(Function<DSLContext, T> work) {
    Objects.requireNonNull(work, "work");
    OpenTransaction tx = open.get();
    if (tx == null) {
      throw new IllegalStateException(
          "a repository write needs a transaction, and none is open on this thread: run it inside"
              + " a decorated command (TransactionalCommands), an event consumer or a job that"
              + " opens one with Transactor.inTransaction");
    }
    return work.apply(tx.dsl);
  }

  /**
   * As {@link #joined}, under a savepoint: when {@code work} fails, only what it wrote is rolled
   * back and the open transaction stays usable (a unique violation inside does not abort the whole
   * transaction); the caller sees {@code work}'s own failure. Should the rollback to the savepoint
   * fail too (the connection was lost: the failure is the outage, and the pool has already closed
   * the connection), that second failure is added to the first as suppressed and never replaces it,
   * so the caller still learns what happened (an outage, not an internal error).
   *
   * @throws IllegalStateException if no transaction of this transactor is open on this thread
   */
  public <T> T joinedUnderSavepoint(Function<DSLContext, T> work) {
    Objects.requireNonNull(work, "work");
    return joined(
        dsl -> {
          Connection connection = open.get().connection;
          Savepoint savepoint;
          try {
            savepoint = connection.setSavepoint();
          } catch (SQLException e) {
            throw new DataAccessException("could not set a savepoint", e);
          }
          T result;
          try {
            result = work.apply(dsl);
          } catch (RuntimeException | Error failure) {
            try {
              connection.rollback(savepoint);
            } catch (SQLException | RuntimeException rollbackFailure) {
              failure.addSuppressed(rollbackFailure);
            }
            throw failure;
          }
          try {
            connection.releaseSavepoint(savepoint);
          } catch (SQLException e) {
            throw new DataAccessException("could not release a savepoint", e);
          }
          return result;
        });
  }

  /**
   * Runs a read-only {@code work} in the transaction open on this thread, so that it sees that
   * transaction's writes, or, with none open, on the plain context: each statement auto-committed,
   * with no BEGIN and COMMIT around it. What read-only query adapters use (see the class comment).
   */
  public <T> T read(Function<DSLContext, T> work) {
    Objects.requireNonNull(work, "work");
    OpenTransaction tx = open.get();
    return work.apply(tx == null ? dsl : tx.dsl);
  }

  /** {@link #joined(Function)} for work without a result. */
  public void joinedRun(Consumer<DSLContext> work) {
    Objects.requireNonNull(work, "work");
    joined(
        tx -> {
          work.accept(tx);
          return null;
        });
  }

  /** Runs {@code work} in a READ COMMITTED transaction (or the one already open). */
  public void run(Consumer<DSLContext> work) {
    run(Isolation.READ_COMMITTED, work);
  }

  /** Runs {@code work} in a transaction of the given isolation (or the one already open). */
  public void run(Isolation isolation, Consumer<DSLContext> work) {
    Objects.requireNonNull(work, "work");
    inTransaction(
        isolation,
        tx -> {
          work.accept(tx);
          return null;
        });
  }

  /** The context of the transaction this transactor has open on the current thread, if any. */
  public Optional<DSLContext> current() {
    OpenTransaction tx = open.get();
    return tx == null ? Optional.empty() : Optional.of(tx.dsl);
  }

  /**
   * Registers {@code callback} to run on this thread right after the outermost transaction commits,
   * in registration order. It is dropped if the transaction rolls back or is retried, so it fits
   * work that must only follow durable data (waking the outbox relay, in-process notifications). A
   * failing callback is logged and does not affect the others or the caller: the transaction has
   * already committed.
   *
   * @throws IllegalStateException if no transaction of this transactor is open on this thread
   */
  public void afterCommit(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    OpenTransaction tx = open.get();
    if (tx == null) {
      throw new IllegalStateException(
          "afterCommit needs a transaction of this Transactor open on the current thread");
    }
    tx.afterCommit.add(callback);
  }

  /**
   * One attempt: a pooled connection with auto-commit off, the work, commit (or rollback on any
   * failure). Done on the JDBC connection rather than through jOOQ's transaction provider, which
   * asks the server for the current isolation level at every begin: one more round trip per
   * transaction for nothing (pgjdbc sends {@code BEGIN} together with the first statement).
   */
  private <T> T runOnce(
      Isolation isolation, Function<DSLContext, T> work, OpenTransaction[] committed) {
    ConnectionProvider provider = dsl.configuration().connectionProvider();
    Connection connection = provider.acquire();
    try {
      try {
        connection.setAutoCommit(false);
        if (isolation != Isolation.READ_COMMITTED) {
          // READ COMMITTED is PostgreSQL's default; the pool restores the level on release.
          connection.setTransactionIsolation(jdbcLevel(isolation));
        }
      } catch (SQLException e) {
        throw new DataAccessException("could not begin a transaction", e);
      }
      OpenTransaction tx =
          new OpenTransaction(
              connection,
              DSL.using(dsl.configuration().derive(new DefaultConnectionProvider(connection))),
              isolation);
      open.set(tx);
      T result;
      try {
        result = work.apply(tx.dsl);
      } finally {
        open.remove();
      }
      try {
        connection.commit();
      } catch (SQLException e) {
        throw new DataAccessException("commit failed", e);
      }
      committed[0] = tx;
      return result;
    } catch (RuntimeException | Error failure) {
      try {
        connection.rollback();
      } catch (SQLException | RuntimeException rollbackFailure) {
        failure.addSuppressed(rollbackFailure);
      }
      throw failure;
    } finally {
      provider.release(connection);
    }
  }

  private static int jdbcLevel(Isolation isolation) {
    return switch (isolation) {
      case READ_UNCOMMITTED -> Connection.TRANSACTION_READ_UNCOMMITTED;
      case READ_COMMITTED -> Connection.TRANSACTION_READ_COMMITTED;
      case REPEATABLE_READ -> Connection.TRANSACTION_REPEATABLE_READ;
      case SERIALIZABLE -> Connection.TRANSACTION_SERIALIZABLE;
    };
  }

  private static void runAfterCommit(List<Runnable> callbacks) {
    for (Runnable callback : callbacks) {
      try {
        callback.run();
      } catch (RuntimeException e) {
        log.warn("an after-commit callback failed; the transaction stays committed", e);
      }
    }
  }

  private static void backOff(int attempt, RuntimeException failure) {
    long ceiling = Math.min(BACKOFF_CAP_MILLIS, BACKOFF_BASE_MILLIS << Math.min(attempt - 1, 10));
    // Jitter keeps two conflicting transactions from meeting again on the same schedule.
    long pause = ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    try {
      TimeUnit.MILLISECONDS.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.addSuppressed(e);
      throw failure;
    }
  }

  private static int strength(Isolation isolation) {
    return switch (isolation) {
      case READ_UNCOMMITTED -> 0;
      case READ_COMMITTED -> 1;
      case REPEATABLE_READ -> 2;
      case SERIALIZABLE -> 3;
    };
  }
}
