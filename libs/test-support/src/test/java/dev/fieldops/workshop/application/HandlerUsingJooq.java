package dev.fieldops.workshop.application;

import org.jooq.DSLContext;

/** Breaks the application allow-list: a handler that writes SQL. */
public final class HandlerUsingJooq {

  public void open(DSLContext database) {}
}
