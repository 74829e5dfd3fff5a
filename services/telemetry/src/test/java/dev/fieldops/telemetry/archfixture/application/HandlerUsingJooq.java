package dev.fieldops.telemetry.archfixture.application;

import org.jooq.DSLContext;

/** Breaks "application uses no infrastructure types". */
public final class HandlerUsingJooq {
  private DSLContext dsl;

  public boolean hasDatabase() {
    return dsl != null;
  }
}
