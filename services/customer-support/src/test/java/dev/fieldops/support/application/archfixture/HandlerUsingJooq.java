package dev.fieldops.support.application.archfixture;

import org.jooq.DSLContext;

/** Breaks the layering: a handler writing SQL. */
public class HandlerUsingJooq {
  public int handle(DSLContext sql) {
    return sql.fetchCount(sql.selectOne());
  }
}
