package dev.fieldops.telemetry.archfixture.domain;

import org.jooq.DSLContext;

/** Breaks domain purity with a jOOQ type. */
public final class JooqInTheDomain {
  private DSLContext dsl;

  public boolean persistent() {
    return dsl != null;
  }
}
