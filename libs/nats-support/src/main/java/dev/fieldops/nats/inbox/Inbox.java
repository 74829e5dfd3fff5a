package dev.fieldops.nats.inbox;

import dev.fieldops.jooq.MigrationSet;

/** The consumer runner's place in a service's database. */
public final class Inbox {

  /**
   * The {@code inbox_event}, {@code inbox_aggregate} and {@code dead_letter} tables; add them to
   * the migration sets of every service that consumes events.
   */
  public static final MigrationSet MIGRATIONS =
      new MigrationSet("inbox", "classpath:db/platform/inbox");

  private Inbox() {}
}
