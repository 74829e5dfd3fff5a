package dev.fieldops.invoicing.archfixture.domain;

/** Violates domain purity: jOOQ in the domain. */
public final class JooqInDomain {
  public int count(org.jooq.DSLContext database) {
    return database.fetchCount(org.jooq.impl.DSL.table("invoice"));
  }
}
