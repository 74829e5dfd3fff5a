package dev.fieldops.jooq;

import java.util.List;
import org.jooq.DSLContext;

/** Typed plain-SQL reads for assertions (tests have no generated jOOQ classes). */
final class Sql {

  private Sql() {}

  static <T> T value(DSLContext dsl, Class<T> type, String sql, Object... bindings) {
    return dsl.fetchSingle(sql, bindings).get(0, type);
  }

  static <T> List<T> values(DSLContext dsl, Class<T> type, String sql, Object... bindings) {
    return dsl.fetch(sql, bindings).getValues(0, type);
  }
}
