package dev.fieldops.support.adapter.postgres;

import dev.fieldops.jooq.MigrationSet;

/** The Flyway scripts of customer support's own tables, run after the platform's. */
public final class SupportMigrations {

  /** {@code db/migration} on the classpath, with its own history table. */
  public static final MigrationSet SET = new MigrationSet("support", "classpath:db/migration");

  private SupportMigrations() {}
}
