package dev.fieldops.nats.outbox;

import dev.fieldops.jooq.MigrationSet;

/** The outbox's place in a service's database. */
public final class Outbox {

  /**
   * The {@code outbox_event} table, its indexes and its notification trigger; add it to the
   * service's migration sets.
   */
  public static final MigrationSet MIGRATIONS =
      new MigrationSet("outbox", "classpath:db/platform/outbox");

  /** The PostgreSQL notification channel an outbox insert signals at commit. */
  public static final String CHANNEL = "outbox";

  private Outbox() {}
}
