package dev.fieldops.invoicing.archfixture.application;

/** Violates the application's independence from infrastructure: SQL in a handler. */
public final class HandlerUsingJooq {
  public void handle(org.jooq.DSLContext database) {
    database.execute("update invoice set status = 'PAID'");
  }
}
