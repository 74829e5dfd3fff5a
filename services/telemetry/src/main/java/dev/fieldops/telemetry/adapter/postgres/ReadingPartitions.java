package dev.fieldops.telemetry.adapter.postgres;

import static dev.fieldops.telemetry.adapter.postgres.jooq.Tables.READING_DEFAULT;

import dev.fieldops.jooq.Transactor;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@code reading} table's daily partitions in shape: one partition per UTC day from the
 * oldest day ingest still accepts to a few days ahead, created before readings arrive for them, and
 * dropped once the whole day is older than the retention period. Run at start and by a periodic
 * job; safe to run from several instances at once (an advisory lock serialises them). The DDL runs
 * in two functions of the schema ({@code reading_partition_create}, {@code reading_partition_drop},
 * SECURITY DEFINER), so that the service's own login needs no right to change the schema.
 *
 * <p>A partition that comes too late finds its readings in the default partition: they are moved
 * into it in the same transaction that attaches it, so creating it never fails and nothing is lost.
 */
public final class ReadingPartitions {

  private static final Logger LOG = LoggerFactory.getLogger(ReadingPartitions.class);
  private static final String PREFIX = "reading_p";
  private static final Pattern NAME = Pattern.compile(PREFIX + "(\\d{8})");
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final Transactor transactor;
  private final Clock clock;
  private final Duration retention;
  private final Duration acceptedAge;
  private final int daysAhead;

  /**
   * @param retention how long readings are kept
   * @param acceptedAge how old a reading ingest still accepts (at most the retention)
   * @param daysAhead how many future days get their partition in advance
   */
  public ReadingPartitions(
      Transactor transactor, Clock clock, Duration retention, Duration acceptedAge, int daysAhead) {
    this.transactor = Objects.requireNonNull(transactor, "transactor");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.acceptedAge = Objects.requireNonNull(acceptedAge, "acceptedAge");
    if (acceptedAge.compareTo(retention) > 0) {
      throw new IllegalArgumentException("readings must be kept at least as long as accepted");
    }
    if (daysAhead < 1) {
      throw new IllegalArgumentException("at least one day ahead");
    }
    this.daysAhead = daysAhead;
  }

  /** What one maintenance run did. */
  public record Outcome(List<String> created, List<String> dropped, int expiredFromDefault) {}

  /** Creates the missing partitions and drops the expired ones. */
  public Outcome maintain() {
    var now = clock.instant();
    var today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    var first = LocalDate.ofInstant(now.minus(acceptedAge), ZoneOffset.UTC).minusDays(1);
    var cutoff = now.minus(retention);
    var existing = existing();
    var created = new ArrayList<String>();
    for (var day = first; !day.isAfter(today.plusDays(daysAhead)); day = day.plusDays(1)) {
      if (!existing.contains(day)
          && !day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).isBefore(cutoff)) {
        if (create(day)) {
          created.add(name(day));
        }
      }
    }
    var dropped = new ArrayList<String>();
    for (LocalDate day : existing) {
      if (!day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).isAfter(cutoff)) {
        drop(day);
        dropped.add(name(day));
      }
    }
    int expired =
        transactor.inTransaction(
            tx ->
                tx.deleteFrom(READING_DEFAULT)
                    .where(READING_DEFAULT.OBSERVE_TIME.lt(Db.odt(cutoff)))
                    .execute());
    if (!created.isEmpty() || !dropped.isEmpty() || expired > 0) {
      LOG.info(
          "reading partitions: created {}, dropped {}, {} expired readings deleted from the default"
              + " partition",
          created,
          dropped,
          expired);
    }
    return new Outcome(created, dropped, expired);
  }

  /** The days that have a partition. */
  public List<LocalDate> existing() {
    return transactor.inTransaction(
        tx ->
            tx
                .fetch(
                    "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE i.inhparent = 'reading'::regclass")
                .getValues(0, String.class)
                .stream()
                .map(NAME::matcher)
                .filter(java.util.regex.Matcher::matches)
                .map(m -> LocalDate.parse(m.group(1), DAY))
                .sorted()
                .toList());
  }

  // DDL through the functions of migration V4, which run as the schema's owner: the service's
  // login may only read and write rows.
  private boolean create(LocalDate day) {
    return transactor.inTransaction(
        tx ->
            tx.fetchValue(DSL.field("reading_partition_create({0})", Boolean.class, DSL.val(day))));
  }

  private void drop(LocalDate day) {
    transactor.run(tx -> tx.fetch("SELECT reading_partition_drop({0})", DSL.val(day)));
  }

  static String name(LocalDate day) {
    return PREFIX + DAY.format(day);
  }
}
