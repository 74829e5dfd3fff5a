package dev.fieldops.support.adapter.postgres;

import dev.fieldops.jooq.MigrationSet;

/** The Flyway scripts of customer support's own tables, run after the platform's. */
public final class SupportMigrations {

  /**
   * {@code db/migration/support} on the classpath (each service its own folder, so that several can
   * share a JVM in system tests), with its own history table.
   */
  public static final MigrationSet SET =
      new MigrationSet("support", "classpath:db/migration/support");

  private SupportMigrations() {}
}
