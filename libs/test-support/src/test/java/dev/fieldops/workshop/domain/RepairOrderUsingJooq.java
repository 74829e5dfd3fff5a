package dev.fieldops.workshop.domain;

import org.jooq.DSLContext;

/** Breaks the domain allow-list: a jOOQ type in the domain. */
public final class RepairOrderUsingJooq {

  public void save(DSLContext database) {}
}
