package dev.fieldops.telemetry.adapter.postgres;

import dev.fieldops.jooq.Transactor;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * How the repositories reach the database, by the platform's one rule ({@code Transactor}): the
 * command repositories' writes only join the transaction of the command's owner ({@link #join});
 * reads run in the caller's transaction when there is one and otherwise as a single auto-committed
 * statement, which spares the hot read paths a BEGIN and a COMMIT. The stores that the ingest hot
 * path and the timers write (alerts, evaluation state, readings) are the one exception: those
 * callers are not commands, so the store opens a transaction of its own when none is open ({@link
 * #write}).
 */
final class Db {

  private final Transactor transactor;
  private final DSLContext dsl;

  Db(Transactor transactor, DSLContext dsl) {
    this.transactor = Objects.requireNonNull(transactor, "transactor");
    this.dsl = Objects.requireNonNull(dsl, "dsl");
  }

  <T> T read(Function<DSLContext, T> query) {
    Optional<DSLContext> open = transactor.current();
    return query.apply(open.isPresent() ? open.get() : dsl);
  }

  /** A write in the caller's transaction; fails when none is open. */
  <T> T join(Function<DSLContext, T> work) {
    return transactor.joined(work);
  }

  /** A write in the caller's transaction, or in one of its own: hot-path and timer stores only. */
  <T> T write(Function<DSLContext, T> work) {
    return transactor.inTransaction(work);
  }

  Transactor transactor() {
    return transactor;
  }

  static OffsetDateTime odt(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  static Optional<Instant> optionalInstant(OffsetDateTime time) {
    return Optional.ofNullable(time).map(OffsetDateTime::toInstant);
  }
}
