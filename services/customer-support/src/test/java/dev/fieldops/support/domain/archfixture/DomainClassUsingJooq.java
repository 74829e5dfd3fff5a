package dev.fieldops.support.domain.archfixture;

import org.jooq.DSLContext;

/** Breaks domain purity: queries the database itself. */
public class DomainClassUsingJooq {
  public int count(DSLContext sql) {
    return sql.fetchCount(sql.selectOne());
  }
}
